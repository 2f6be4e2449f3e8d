/**
 * Orders group 0 so the two kinds of work overlap from the first second: the long real-time files
 * (mostly waiting on sockets and child processes) and the CPU-bound unit files alternate, each
 * list longest first (vitest's own order, from its cache of last durations). Vitest's default
 * would run every `io` file before the first `unit` file, leaving the CPU idle while the
 * end-to-end runs wait, then the unit files queuing behind each other.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export default class InterleavingSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const byProject = new Map<string, TestSpecification[]>();
    for (const f of sorted) {
      const list = byProject.get(f.project.name) ?? [];
      list.push(f);
      byProject.set(f.project.name, list);
    }
    const lists = [...byProject.values()];
    const out: TestSpecification[] = [];
    for (let i = 0; out.length < sorted.length; i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
    return out;
  }
}
