export * from './sign-in.js';
export * from './roles.js';
export * from './identity.js';
export * from './errors.js';
