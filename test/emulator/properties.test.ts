import { describe, expect, it } from 'vitest';
import { useInlineBundles } from './support/emulate';

const emulate = useInlineBundles();

const SOURCE = `
  function save(key, size) {
    PropertiesService.getDocumentProperties().setProperty(key, new Array(size + 1).join('x'));
  }
  function saveMany(values) { PropertiesService.getDocumentProperties().setProperties(values); }
  function readBack(key) {
    var props = PropertiesService.getDocumentProperties();
    return [props.getProperty(key), props.getKeys().length];
  }`;

describe('PropertiesService limits and counts', () => {
  it('refuses a value over 9 KB with "Argument too large: value" and counts reads and writes', () => {
    const e = emulate(SOURCE);
    e.run('save', 'job', 9 * 1024);
    expect(() => e.run('save', 'job', 9 * 1024 + 1)).toThrow('Argument too large: value');
    expect(e.run('readBack', 'job')).toEqual(['x'.repeat(9 * 1024), 1]);
    expect(e.counters['PropertiesService.writes']).toBe(1);
    expect(e.counters['PropertiesService.reads']).toBe(2);
  });

  it('refuses a batch that takes the store past 500 KB, applying none of it', () => {
    const e = emulate(SOURCE);
    const batch: Record<string, string> = {};
    for (let i = 0; i < 56; i++) batch[`k${i}`] = 'y'.repeat(9 * 1024);
    expect(() => e.run('saveMany', batch)).toThrow(
      'You have exceeded the property storage quota. Please remove some properties and try again.',
    );
    expect(e.properties.document.entries.size).toBe(0);
    delete batch.k55;
    e.run('saveMany', batch);
    expect(e.properties.document.sizeBytes()).toBeLessThanOrEqual(500 * 1024);
  });
});
