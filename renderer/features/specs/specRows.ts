/** A specification as table rows: one per score item, the first of each task spanning the task's rows. */
import type { Specification } from '../../../shared/domain/events';

export interface SpecRow {
  key: string;
  task: Specification['tasks'][number];
  item: Specification['tasks'][number]['items'][number];
  /** True on a task's first item (the one whose task cell spans `span` rows). */
  first: boolean;
  span: number;
  /** Position among all items, for keyboard order. */
  index: number;
}

export function specRows(spec: Specification): SpecRow[] {
  let index = 0;
  return spec.tasks.flatMap((task) =>
    task.items.map((item, i) => ({
      key: item.id,
      task,
      item,
      first: i === 0,
      span: task.items.length,
      index: index++,
    })),
  );
}

/** onCell for the columns that show the task: one cell over the task's rows. */
export const taskCell = (row: SpecRow) => ({ rowSpan: row.first ? row.span : 0 });
