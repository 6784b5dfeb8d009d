export * from './types';
export { checkClaims, createClaimChecker, type ClaimChecker } from './checker';
export type { LanguagePack } from './language-pack';
export { english } from './english';
