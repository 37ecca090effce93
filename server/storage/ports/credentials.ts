/** Encrypted credentials (ciphertext only; encryption happens in `server/credentials`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CredentialStorePort {}
