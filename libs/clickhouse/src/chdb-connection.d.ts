// The workspace compiles with moduleResolution node10, which ignores package `exports`
// maps, so `chdb/connection` (an exports-only subpath) has no types without this bridge.
// At run time Node resolves the subpath through the exports map as usual.
declare module 'chdb/connection' {
  export * from 'chdb/dist/connection/index';
}
