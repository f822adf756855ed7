export * from './sign-in.js';
export * from './roles.js';
export * from './identity.js';
export * from './errors.js';
export * from './addons.js';
export * from './tickets.js';
export * from './connect.js';
export * from './diagnosis.js';
