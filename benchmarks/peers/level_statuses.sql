-- Level-target statuses in DuckDB: the SQL a data engineer would write instead of tracker.
-- Run by duckdb_peer.py, which sets the variables root (the data root), table (the folder
-- plan_table.py wrote) and as_of. The rules and their limits are polars_peer.py's: the
-- latest single-year figure after the baseline year up to min(as_of, deadline); met:
-- achieved; at the deadline and short: missed; else the band of R. Qualifiers are ignored,
-- worded values (超92%) dropped, and of two figures for one year the larger is kept.

CREATE TEMP TABLE targets AS
SELECT plan, target, region, region_code, indicator, op, value AS goal, step, "by", baseline_year,
       baseline_value, least("by", getvariable('as_of')) AS "end"
FROM read_parquet(getvariable('table') || '/targets.parquet')
WHERE kind = 'level';

CREATE TEMP TABLE figures AS
WITH rows AS (
    SELECT region, indicator, TRY_CAST(year AS INTEGER) AS year, TRY_CAST(value AS DOUBLE) AS value
    FROM read_csv(getvariable('root') || '/actuals/*.csv', all_varchar = true, header = true)
),
codes AS (SELECT DISTINCT region_code AS code, region AS name FROM targets WHERE region_code IS NOT NULL),
names AS (SELECT * FROM read_csv(getvariable('table') || '/indicator_names.csv', all_varchar = true))
SELECT coalesce(codes.name, rows.region) AS region, coalesce(names.indicator, rows.indicator) AS indicator,
       year, max(value) AS value
FROM rows
LEFT JOIN codes ON rows.region = codes.code
LEFT JOIN names ON rows.indicator = names.name
WHERE year IS NOT NULL AND value IS NOT NULL
GROUP BY ALL;

CREATE TEMP TABLE statuses AS
WITH latest AS (
    SELECT t.plan, t.target, max(f.year) AS year, arg_max(f.value, f.year) AS value
    FROM targets t JOIN figures f USING (region, indicator)
    WHERE f.year > t.baseline_year AND f.year <= t."end"
    GROUP BY ALL
),
judged AS (
    SELECT t.*, l.year, l.value, coalesce(t.baseline_value, b.value) AS y0,
           CASE t.op WHEN '>=' THEN l.value >= t.goal WHEN '>' THEN l.value > t.goal
                     WHEN '<=' THEN l.value <= t.goal WHEN '<' THEN l.value < t.goal
                     WHEN '==' THEN l.value = t.goal ELSE abs(l.value - t.goal) <= t.step / 2 END AS met
    FROM targets t
    LEFT JOIN latest l USING (plan, target)
    LEFT JOIN figures b ON b.region = t.region AND b.indicator = t.indicator AND b.year = t.baseline_year
),
rated AS (
    SELECT *, round(((value - y0) / (goal - y0)) / ((year - baseline_year) / ("by" - baseline_year)), 9) AS r
    FROM judged
)
SELECT plan, target,
       CASE WHEN year IS NULL THEN 'no_data'
            WHEN met THEN 'achieved'
            WHEN year = "by" THEN 'missed'
            WHEN y0 IS NULL THEN 'indeterminate'
            WHEN goal = y0 THEN 'off_track'
            WHEN r >= 0.95 THEN 'on_track'
            WHEN r >= 0.5 THEN 'behind'
            WHEN r >= -0.1 THEN 'off_track'
            ELSE 'regressing' END AS status,
       year, value
FROM rated;
