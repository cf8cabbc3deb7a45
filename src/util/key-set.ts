// A set of string keys kept as 64-bit fingerprints in typed arrays: about 16 bytes a key, so that checking a
// file of millions of rows for repeated folios needs tens of megabytes rather than gigabytes. Two different keys
// collide with probability ~n²/2⁶⁵ (under one in a million for 5 million keys).
export class FingerprintSet {
  #hi: Uint32Array;
  #lo: Uint32Array;
  #size = 0;

  constructor(initialCapacity = 1 << 16) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.#hi = new Uint32Array(cap);
    this.#lo = new Uint32Array(cap);
  }

  get size() {
    return this.#size;
  }

  /** Adds the key; returns false when it (or its fingerprint) was already present. */
  add(key: string): boolean {
    const [hi, lo] = fingerprint(key);
    if ((this.#size + 1) * 2 > this.#hi.length) this.#grow();
    return this.#insert(hi, lo);
  }

  #insert(hi: number, lo: number): boolean {
    const mask = this.#hi.length - 1;
    let i = lo & mask;
    for (;;) {
      const h = this.#hi[i]!;
      const l = this.#lo[i]!;
      if (h === 0 && l === 0) {
        this.#hi[i] = hi;
        this.#lo[i] = lo;
        this.#size++;
        return true;
      }
      if (h === hi && l === lo) return false;
      i = (i + 1) & mask;
    }
  }

  #grow() {
    const oldHi = this.#hi;
    const oldLo = this.#lo;
    this.#hi = new Uint32Array(oldHi.length * 2);
    this.#lo = new Uint32Array(oldLo.length * 2);
    this.#size = 0;
    for (let i = 0; i < oldHi.length; i++) {
      if (oldHi[i] !== 0 || oldLo[i] !== 0) this.#insert(oldHi[i]!, oldLo[i]!);
    }
  }
}

/** Two independent 32-bit FNV-1a hashes; (0, 0) is reserved for empty slots. */
function fingerprint(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  a >>>= 0;
  b >>>= 0;
  return a === 0 && b === 0 ? [0, 1] : [a, b];
}
