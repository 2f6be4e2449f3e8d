/**
 * Types for the two undici modules the client imports by path (undici 8 has no `exports` map, so
 * the paths resolve; package.json pins the version). Importing `undici` itself evaluates all of it
 * (fetch, WebSocket, caches, mocks: ~14 MB of RSS); the client needs only the Agent and the
 * decompress interceptor.
 */
declare module 'undici/lib/dispatcher/agent.js' {
  import { Agent } from 'undici';
  export default Agent;
}
declare module 'undici/lib/interceptor/decompress.js' {
  import { interceptors } from 'undici';
  const decompress: typeof interceptors.decompress;
  export default decompress;
}
