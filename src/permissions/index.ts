// What a role may do once assumed (its permission policies), as the permission rules and --fix read it.
export * from './role-permissions.js';
