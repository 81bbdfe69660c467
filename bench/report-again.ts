// `make bench-report`: prints the table and redraws chart.svg from an existing results.json, without
// running anything (after a change to the report code, or to look at an old run again).
// Usage: tsx bench/report-again.ts [dir containing results.json; default bench]
import fs from 'node:fs';
import path from 'node:path';
import { renderChart } from './report/chart';
import type { BenchResults } from './report/results';
import { formatTable } from './report/table';
import { evaluateTargets } from './report/targets';

const dir = path.resolve(process.argv[2] ?? path.join(__dirname));
const results = JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as BenchResults;
results.targets = evaluateTargets(results);
fs.writeFileSync(path.join(dir, 'chart.svg'), renderChart(results));
process.stdout.write(`${formatTable(results)}\n\nRedrew ${path.join(dir, 'chart.svg')}\n`);
