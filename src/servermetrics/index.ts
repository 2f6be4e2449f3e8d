/** Server-side metrics during load: scrape engine /metrics pages or a Prometheus API, per window. */
export { startServerObserver, type ServerObserver, type ServerSource, type ServerWindow } from './observer.js';
export { firstSaturatedResource, type Bottleneck } from './bottleneck.js';
export { RESOURCE_LABELS, bottleneckLine, formatServerWindow } from './format.js';
