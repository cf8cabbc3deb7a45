// A product's files as download links, each with its size and SHA-256 (shortened; full on hover).
import { fmtBytes } from '../format.ts';
import { s } from '../strings.ts';
import type { ProductFile, ProductInfo } from '../types.ts';

const FORMAT_LABELS: Record<string, string> = {
  xlsx: 'XLSX', pdf: 'PDF', csv: 'CSV', json: 'JSON', png: 'PNG', svg: 'SVG', geojson: 'GeoJSON', kml: 'KML', zip: 'ZIP',
};

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
