// The database as Kysely sees it: each domain declares its own tables next to its migrations.
import type { AccessTables } from '../access/tables.ts';
import type { CrimeStatisticsTables } from '../crime-statistics/tables.ts';
import type { DistributionTables } from '../distribution/tables.ts';
import type { DisclosureTables } from '../distribution/disclosure/tables.ts';
import type { IncidentTables } from '../incidents/tables.ts';
import type { ReferenceTables } from '../reference/tables.ts';
import type { ReleaseTables } from '../releases/tables.ts';
import type { ReportTables } from '../reports/tables.ts';
import type { CyberTables } from '../registries/cyber/tables.ts';
import type { CallAudioTables } from '../registries/call-audio/tables.ts';
import type { SitesTables } from '../registries/sites/tables.ts';
import type { NationalDatabaseTables } from '../registries/national-databases/tables.ts';
import type { NumbersTables } from '../registries/numbers/tables.ts';


export interface Database
  extends AccessTables,
    IncidentTables,
    ReferenceTables,
    ReportTables,
    CrimeStatisticsTables,
    ReleaseTables,
    DistributionTables,
    CyberTables,
    CallAudioTables,
    DisclosureTables,
    SitesTables,
    NationalDatabaseTables,
    NumbersTables {}
