/**
 * Sampling from the Beta distribution with an injected uniform source, for Thompson
 * sampling (`policy.ts`). Beta(a, b) = X / (X + Y) with X ~ Gamma(a, 1), Y ~ Gamma(b, 1);
 * Gamma by Marsaglia and Tsang, "A Simple Method for Generating Gamma Variables" (ACM
 * TOMS 26(3), 2000), normal variates by the Box–Muller transform. Pure: all randomness
 * comes from `random` (uniform in [0, 1)), so a seeded source makes draws repeatable.
 */

/** A uniform random source in [0, 1). */
export type Random = () => number;

/** A standard normal variate (Box–Muller). */
function normal(random: Random): number {
  let u = 0;
  while (u <= Number.EPSILON) u = random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * A Gamma(shape, 1) variate. For shape < 1 it uses Gamma(shape + 1) · U^(1/shape).
 * @throws RangeError when `shape` is not a positive finite number.
 */
export function sampleGamma(shape: number, random: Random): number {
  if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
  if (shape < 1) {
    let u = 0;
    while (u <= Number.EPSILON) u = random();
    return sampleGamma(shape + 1, random) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A Beta(a, b) variate in (0, 1).
 * @throws RangeError when `a` or `b` is not positive.
 */
export function sampleBeta(a: number, b: number, random: Random): number {
  const x = sampleGamma(a, random);
  const y = sampleGamma(b, random);
  return x + y === 0 ? 0.5 : x / (x + y);
}

/**
 * A small seedable uniform source (mulberry32-style 32-bit mixing), for tests and
 * reproducible simulations. Not for anything security-related.
 */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
