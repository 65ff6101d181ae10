// Loads every route module so its route() calls register (functions and invoke live in routes.ts itself).
