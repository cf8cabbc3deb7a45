// Products generated from the report catalog: version, period, when and by whom, SHA-256 and the downloads.
import { useState } from 'react';
import { useApi, withQuery } from '../api.ts';
import { Message } from '../components/Message.tsx';
import { ProductDownloads } from '../components/ProductDownloads.tsx';
import { fmtDateTime, shortSha } from '../format.ts';
import { s } from '../strings.ts';
import type { ProductDisclosureInfo, ProductInfo, ReportTypeInfo } from '../types.ts';
import { ProductDisclosureCell } from './ProductDisclosure.tsx';

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
  // The versions prepared to leave the center are listed under the product they come from, not as products.
  const products = useApi<{ products: ProductInfo[] }>(withQuery('/api/products', { type, period: /^\d{4}(-(\d{2}|[QH]\d))?$/.test(period) ? period : '', derived: 'exclude' }));

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
  const ids = products.map((p) => `ids=${p.id}`).join('&');
  const disclosure = useApi<{ products: ProductDisclosureInfo[] }>(products.length ? `/api/disclosure/products?${ids}` : null);
  const byId = new Map((disclosure.data?.products ?? []).map((d) => [d.id, d]));
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
              <td>
                <ProductDisclosureCell productId={p.id} info={byId.get(p.id)} onChange={disclosure.reload} />
              </td>
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
