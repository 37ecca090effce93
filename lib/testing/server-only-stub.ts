// 'server-only' throws outside Next's server bundles; tests run server modules directly.
export {};
