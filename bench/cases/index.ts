import type { BenchCase } from '../lib/case.js';
import { searchCase } from './search.js';
import { siteCase } from './site.js';
import { clusterCase } from './cluster.js';
import { mailCase } from './mail.js';
import { mirrorCase } from './mirror.js';
import { speedCase } from './speed.js';
import { startupCase } from './startup.js';
import { importCase } from './import.js';
import { storageCase } from './storage.js';

/** Every benchmark `npm run bench` knows, run in this order; add new cases here. */
export const benchCases: BenchCase[] = [startupCase, speedCase, siteCase, searchCase, mailCase, storageCase, clusterCase, mirrorCase, importCase];
