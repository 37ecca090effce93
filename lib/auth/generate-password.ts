/**
 * Strong random passwords an admin can hand over when adding a person. Uses the Web
 * Crypto API (browser and Node ≥ 19), unbiased by rejection sampling. The alphabet
 * leaves out look-alikes (0/O, 1/l/I) so a password read aloud or copied by hand
 * survives; 20 characters from 61 symbols is ≈ 118 bits of entropy.
 */

/** Letters and digits without look-alikes, plus a few symbols that are safe in shells and URLs. */
export const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.~';

/**
 * A random password of `length` characters (default 20, at least 10) drawn uniformly
 * from {@link PASSWORD_ALPHABET}, holding at least one upper-case letter, one
 * lower-case letter and one digit.
 * @throws RangeError for a length below 10 or above 256.
 */
export function generatePassword(length = 20, random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  if (!Number.isInteger(length) || length < 10 || length > 256) throw new RangeError('password length must be 10..256');
  const n = PASSWORD_ALPHABET.length;
  const limit = 256 - (256 % n); // bytes at or above this would bias the first symbols
  for (;;) {
    let out = '';
    while (out.length < length) {
      for (const b of random(new Uint8Array(length * 2))) {
        if (b < limit && out.length < length) out += PASSWORD_ALPHABET[b % n];
      }
    }
    if (/[A-Z]/.test(out) && /[a-z]/.test(out) && /[0-9]/.test(out)) return out;
  }
}
