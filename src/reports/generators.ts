// Generators by the name the catalog gives them. Each report's module is imported lazily, the first time it is
// needed; a module that is not there (a report not built yet) leaves its report types "not available".
import type { ReportGenerator } from './types.ts';

interface Source {
  module: string;
  exportName: string;
}

/** Where each generator named in data/reports/catalog.json lives, relative to this file. */
const SOURCES: Record<string, Source> = {
  fese: { module: './fese/index.ts', exportName: 'feseGenerator' },
  extortion: { module: './extortion/index.ts', exportName: 'extortionGenerator' },
  metro_incidence: { module: './metro/index.ts', exportName: 'metroIncidenceGenerator' },
  heatmap_avgm: { module: './heatmaps/index.ts', exportName: 'avgmHeatmapGenerator' },
  heatmap_police: { module: './heatmaps/index.ts', exportName: 'policeHeatmapGenerator' },
  cyber_internal: { module: '../registries/cyber/reports/index.ts', exportName: 'cyberInternalGenerator' },
  cyber_external: { module: '../registries/cyber/reports/index.ts', exportName: 'cyberExternalGenerator' },
  sites_pmi_map: { module: '../registries/sites/map-report.ts', exportName: 'pmiMapGenerator' },
  sites_repuve_map: { module: '../registries/sites/map-report.ts', exportName: 'repuveMapGenerator' },
  national_databases: { module: '../registries/national-databases/report.ts', exportName: 'supplyGenerator' },
  numbers_malicious: { module: '../registries/numbers/reports.ts', exportName: 'maliciousNumbersGenerator' },
  numbers_extortion: { module: '../registries/numbers/reports.ts', exportName: 'extortionNumbersGenerator' },
};

const registered = new Map<string, ReportGenerator<any>>();
const loaded = new Map<string, Promise<ReportGenerator<any> | undefined>>();

/** Registers a generator by its name, ahead of (and instead of) the module of that name. Used by tests. */
export function registerGenerator(generator: ReportGenerator<any>): void {
  registered.set(generator.name, generator);
}

export function unregisterGenerator(name: string): void {
  registered.delete(name);
}

function isModuleMissing(err: unknown, module: string): boolean {
  const e = err as { code?: string; message?: string };
  const file = module.replace(/^\.\//, '');
  const message = e?.message ?? '';
  return (e?.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url/i.test(message)) && message.includes(file);
}

async function load(name: string): Promise<ReportGenerator<any> | undefined> {
  const source = SOURCES[name];
  if (!source) return undefined;
  try {
    const mod = (await import(source.module)) as Record<string, unknown>;
    const generator = mod[source.exportName] as ReportGenerator<any> | undefined;
    if (!generator || typeof generator.compute !== 'function') {
      console.error(`[reports] ${source.module} does not export ${source.exportName}: report "${name}" is not available`);
      return undefined;
    }
    return generator;
  } catch (err) {
    // A module not written yet is the normal state of a report not built; anything else is a bug worth a log line.
    if (!isModuleMissing(err, source.module)) {
      console.error(`[reports] generator "${name}" failed to load: ${(err as Error).message}`);
    }
    return undefined;
  }
}

/** The generator of that name, or undefined when the report is not built (or `name` is null). */
export async function generatorNamed(name: string | null): Promise<ReportGenerator<any> | undefined> {
  if (!name) return undefined;
  const own = registered.get(name);
  if (own) return own;
  let pending = loaded.get(name);
  if (!pending) {
    pending = load(name);
    loaded.set(name, pending);
  }
  return pending;
}

/** Whether each named generator is available. */
export async function builtGenerators(names: (string | null)[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  for (const name of names) if (name) out.set(name, (await generatorNamed(name)) !== undefined);
  return out;
}
