// A searchable select for long lists (CNIE codes, 570 municipalities): type to narrow, arrows to move, Enter to
// choose, Escape to close. Follows the WAI-ARIA combobox pattern with a listbox popup.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { fold } from '../format.ts';
import { s } from '../strings.ts';

export interface ComboOption {
  value: string;
  label: string;
  /** Extra words that match when typed (e.g. a code). */
  keywords?: string;
}

const MAX_SHOWN = 60;

export function Combobox({
  id,
  label,
  options,
  value,
  onChange,
  placeholder,
  disabled,
}: {
  id: string;
  label: string;
  options: ComboOption[];
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  disabled?: boolean;
}) {
  const listId = useId();
  const selected = options.find((o) => o.value === value);
  const [text, setText] = useState(selected?.label ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);

  // Show the chosen option's label whenever the value changes from outside (reset, version toggle).
  useEffect(() => {
    setText(selected?.label ?? '');
  }, [selected?.label]);

  const index = useMemo(() => options.map((o) => fold(`${o.label} ${o.keywords ?? ''}`)), [options]);
  const matches = useMemo(() => {
    const words = fold(text).split(/\s+/).filter(Boolean);
    if (words.length === 0 || (selected && text === selected.label)) return options.map((_, i) => i);
    const out: number[] = [];
    index.forEach((hay, i) => {
      if (words.every((w) => hay.includes(w))) out.push(i);
    });
    return out;
  }, [text, index, options, selected]);
  const shown = matches.slice(0, MAX_SHOWN);

  useEffect(() => {
    if (!open) return;
    listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active, open]);

  const choose = (opt: ComboOption | undefined) => {
    if (!opt) return;
    onChange(opt.value);
    setText(opt.label);
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, shown.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter') {
      if (open && shown.length > 0) {
        e.preventDefault();
        choose(options[shown[active] ?? -1]);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        setOpen(false);
        setText(selected?.label ?? '');
      }
    }
  };

  return (
    <div className="combobox">
      <label htmlFor={id}>{label}</label>
      <div className="combobox-control">
        <input
          id={id}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && shown.length ? `${listId}-${active}` : undefined}
          autoComplete="off"
          placeholder={placeholder}
          disabled={disabled}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(0);
            if (e.target.value === '') onChange('');
          }}
          onFocus={(e) => e.target.select()}
          onClick={() => setOpen(true)}
          onKeyDown={onKeyDown}
          onBlur={() => {
            // Let a click on an option land first.
            window.setTimeout(() => {
              setOpen(false);
              setText((t) => (t === '' ? '' : (options.find((o) => o.value === value)?.label ?? '')));
            }, 150);
          }}
        />
        {value && !disabled && (
          <button
            type="button"
            className="combobox-clear"
            aria-label={`${s.filters.clear}: ${label}`}
            onClick={() => {
              onChange('');
              setText('');
            }}
          >
            ×
          </button>
        )}
      </div>
      {open && (
        <ul id={listId} role="listbox" className="combobox-list" ref={listRef} aria-label={label}>
          {shown.length === 0 && <li className="combobox-empty">{s.filters.noMatches}</li>}
          {shown.map((optIndex, i) => {
            const opt = options[optIndex]!;
            return (
              <li
                key={opt.value}
                id={`${listId}-${i}`}
                data-index={i}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(i)}
                onClick={() => choose(opt)}
              >
                {opt.label}
              </li>
            );
          })}
          {matches.length > MAX_SHOWN && <li className="combobox-more">{s.filters.moreMatches(matches.length - MAX_SHOWN)}</li>}
        </ul>
      )}
    </div>
  );
}
