// Products generated from the report catalog: version, period, when and by whom, SHA-256 and the downloads.
import { useState } from 'react';
import { useApi, withQuery } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { fmtDateTime, fmtNumber } from '../format.ts';
import { s } from '../strings.ts';
import type { ProductFile, ProductInfo, ReportTypeInfo } from '../types.ts';

const FORMAT_LABELS: Record<string, string> = {
  xlsx: 'XLSX', pdf: 'PDF', csv: 'CSV', json: 'JSON', png: 'PNG', svg: 'SVG', geojson: 'GeoJSON', kml: 'KML', zip: 'ZIP',
};

export function fmtBytes(n: number): string {
  if (n < 1024) return `${fmtNumber(n)} B`;
  if (n < 1024 * 1024) return `${new Intl.NumberFormat('es-MX', { maximumFractionDigits: 1 }).format(n / 1024)} KB`;
  return `${new Intl.NumberFormat('es-MX', { maximumFractionDigits: 1 }).format(n / 1024 / 1024)} MB`;
}

export const shortSha = (sha: string) => `${sha.slice(0, 12)}…`;

export function fileUrl(productId: number, format: string) {
  return `/api/products/${productId}/files/${format}`;
}

/** Download links of a product, one per file, each with its size and its SHA-256 (shortened; full on hover). */
export function ProductDownloads({ product }: { product: Pick<ProductInfo, 'id' | 'files'> }) {
  return (
    <ul className="chips" aria-label={s.reports.downloads} data-testid={`downloads-${product.id}`}>
      {product.files.map((f: ProductFile) => (
        <li key={f.format} className="chip">
          <a href={fileUrl(product.id, f.format)} download={f.fileName} title={`${f.fileName} · ${s.reports.sha256} ${f.sha256}`}>
            {FORMAT_LABELS[f.format] ?? f.format}
          </a>
          <span className="muted small">{fmtBytes(f.size)}</span>
        </li>
      ))}
    </ul>
  );
}

export function paramsLabel(params: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof params.center === 'string') parts.push(`centro ${params.center}`);
  if (typeof params.group === 'string') parts.push(`grupo ${params.group}`);
  return parts.join(' · ');
}

export function ReportsProductsPage() {
  const types = useApi<{ types: ReportTypeInfo[] }>('/api/reports/types');
  const [type, setType] = useState('');
  const [period, setPeriod] = useState('');
  const products = useApi<{ products: ProductInfo[] }>(withQuery('/api/products', { type, period: /^\d{4}(-(\d{2}|[QH]\d))?$/.test(period) ? period : '' }));

  return (
    <div className="page">
      <h1>{s.reports.productsTitle}</h1>
      <p className="muted">{s.reports.productsIntro}</p>
      <div className="filters">
        <div className="filters-grid">
          <div className="field field-wide">
            <label htmlFor="prod-type">{s.reports.filterType}</label>
            <select id="prod-type" value={type} onChange={(e) => setType(e.target.value)}>
              <option value="">{s.reports.allTypes}</option>
              {(types.data?.types ?? []).filter((t) => t.built).map((t) => (
                <option key={t.code} value={t.code}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="prod-period">{s.reports.filterPeriod}</label>
            <input id="prod-period" value={period} onChange={(e) => setPeriod(e.target.value.trim().toUpperCase())} maxLength={7} />
          </div>
        </div>
      </div>
      {products.error && <Message kind="error">{products.error.message}</Message>}
      {products.data && products.data.products.length === 0 && <p className="empty">{s.reports.productsEmpty}</p>}
      {products.data && products.data.products.length > 0 && <ProductsTable products={products.data.products} />}
    </div>
  );
}

export function ProductsTable({ products }: { products: ProductInfo[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="products-table">
        <thead>
          <tr>
            <th scope="col">{s.reports.product}</th>
            <th scope="col">{s.reports.name}</th>
            <th scope="col">{s.reports.period}</th>
            <th scope="col" className="num">{s.reports.version}</th>
            <th scope="col">{s.reports.generatedAt}</th>
            <th scope="col">{s.reports.generatedBy}</th>
            <th scope="col">{s.reports.classification}</th>
            <th scope="col">{s.reports.files}</th>
          </tr>
        </thead>
        <tbody>
          {products.map((p) => (
            <tr key={p.id} data-testid={`product-${p.id}`}>
              <td>{p.id}</td>
              <td>
                {p.reportName}
                {paramsLabel(p.params) && <span className="tag">{paramsLabel(p.params)}</span>}
                {p.cnieVersion === '2' && <span className="tag">CNIE 2.0</span>}
              </td>
              <td className="nowrap">{p.period}</td>
              <td className="num">
                {p.version}
                {p.replacesId && <div className="hint">{s.reports.replaces(p.replacesId)}</div>}
              </td>
              <td className="nowrap">{fmtDateTime(p.generatedAt)}</td>
              <td>{p.generatedByName ?? s.reports.scheduler}</td>
              <td>{s.reports.classifications[p.classification] ?? p.classification}</td>
              <td>
                <ProductDownloads product={p} />
                <div className="hint">
                  {p.files.map((f) => (
                    <div key={f.format}>
                      <code title={f.sha256}>
                        {f.format} {shortSha(f.sha256)}
                      </code>
                    </div>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
