/** Server-side metrics during load: scrape engine /metrics pages or a Prometheus API, per window. */
export { parsePrometheusText, prometheusTextParser, parseValue, typeOf, type MetricType, type MetricsTextParser, type ParseOptions, type ParseResult, type Sample } from './parse.js';
export {
  COUNTER_FIELDS,
  ENGINE_MAPS,
  FIELDS,
  FIELD_AGGREGATION,
  detectEngines,
  isRelevantName,
  mapSamples,
  type EngineName,
  type Reading,
  type ServerField,
} from './map.js';
export {
  DEFAULT_PROMETHEUS_QUERIES,
  fetchSlots,
  startServerObserver,
  type GaugeStats,
  type ServerObserver,
  type ServerObserverOptions,
  type ServerSource,
  type ServerWindow,
} from './observer.js';
export { DEFAULT_BOTTLENECK_THRESHOLDS, METRICS_ADVICE, SATURATED_RESOURCES, firstSaturatedResource, type Bottleneck, type BottleneckThresholds, type LevelWindow, type SaturatedResource } from './bottleneck.js';
export { RESOURCE_LABELS, bottleneckLine, formatServerWindow } from './format.js';
