// Previous / next page of a long list, with «Página p de n».
import { fmtNumber } from '../format.ts';
import { s } from '../strings.ts';

export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage(p: number): void }) {
  return (
    <div className="pager">
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {s.incidents.prev}
      </button>
      <span>{s.incidents.pageOf(fmtNumber(page), fmtNumber(pages))}</span>
      <button type="button" className="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {s.incidents.next}
      </button>
    </div>
  );
}
