-- The browser benchmark's scale data (tests/bench/cold.rs): writes :runs flow runs and their
-- states straight into a Prefect 3.8 PostgreSQL database, never a server the benchmark did
-- not start. The REST API can neither back-date a run nor write 100,000 of them quickly, so
-- the rows are made here, shaped as Prefect's own (`prefect/server/database/orm_models.py`):
-- each run belongs to a random deployment the seed made through the API (a fifth of them to
-- its flow without a deployment), expected to start at a random moment in the last 7 days,
-- and is Completed (70 %), Failed (10 %), Crashed (4 %), Cancelled (4 %), Late (6 %) or
-- Running (6 %), with start and end times, run time and a current state row; each that
-- started with three task runs, some with a warning or an error line.
-- First the deployments are brought to :deployments (the scale the timeline is asked to draw):
-- copies of the seed's, each under its flow with a numbered name, without schedules or a
-- concurrency limit of their own.
-- `:runs` and `:deployments` are replaced by the benchmark before it runs this.

BEGIN;

INSERT INTO deployment
SELECT (jsonb_populate_record(
          NULL::deployment,
          to_jsonb(base.d) || jsonb_build_object(
            'id', gen_random_uuid(),
            'name', (base.d).name || '-' || g.n,
            'concurrency_limit_id', NULL,
            'version_id', NULL))).*
FROM generate_series(1, greatest(:deployments - (SELECT count(*) FROM deployment), 0)) AS g(n)
JOIN (SELECT d, row_number() OVER (ORDER BY d.id) AS k, count(*) OVER () AS total
      FROM deployment d) AS base
  ON base.k = 1 + g.n % base.total;

CREATE TEMP TABLE bulk ON COMMIT DROP AS
WITH d AS (
  SELECT array_agg(id ORDER BY id) AS ids,
         array_agg(flow_id ORDER BY id) AS flows,
         array_agg(work_queue_id ORDER BY id) AS queues,
         array_agg(work_queue_name ORDER BY id) AS queue_names,
         count(*) AS n
  FROM deployment
), f AS (
  SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM flow
), rows AS (
  SELECT gen_random_uuid() AS id,
         gen_random_uuid() AS state_id,
         now() - random() * interval '7 days' AS expected,
         random() AS r,
         random() AS with_deployment,
         random() AS pick,
         random() AS delay,
         random() AS length
  FROM generate_series(1, :runs)
), shaped AS (
  SELECT rows.*,
         CASE WHEN rows.with_deployment < 0.8 THEN 1 + floor(rows.pick * d.n)::int END AS dep,
         1 + floor(rows.pick * f.n)::int AS fl,
         CASE
           WHEN r < 0.70 THEN 'COMPLETED'
           WHEN r < 0.80 THEN 'FAILED'
           WHEN r < 0.84 THEN 'CRASHED'
           WHEN r < 0.88 THEN 'CANCELLED'
           WHEN r < 0.94 THEN 'SCHEDULED'
           ELSE 'RUNNING'
         END AS state_type
  FROM rows, d, f
)
SELECT s.id,
       s.state_id,
       'bulk-' || substr(md5(s.id::text), 1, 12) AS name,
       s.state_type,
       CASE s.state_type
         WHEN 'COMPLETED' THEN 'Completed' WHEN 'FAILED' THEN 'Failed'
         WHEN 'CRASHED' THEN 'Crashed' WHEN 'CANCELLED' THEN 'Cancelled'
         WHEN 'SCHEDULED' THEN 'Late' ELSE 'Running'
       END AS state_name,
       s.expected,
       CASE WHEN s.state_type = 'SCHEDULED' THEN NULL
            ELSE least(now(), s.expected + s.delay * interval '30 seconds') END AS start_time,
       CASE WHEN s.state_type IN ('SCHEDULED', 'RUNNING') THEN NULL
            ELSE least(now(), s.expected + s.delay * interval '30 seconds' + s.length * interval '10 minutes')
       END AS end_time,
       CASE WHEN s.dep IS NULL THEN (SELECT ids[s.fl] FROM f) ELSE (SELECT flows[s.dep] FROM d) END AS flow_id,
       CASE WHEN s.dep IS NULL THEN NULL ELSE (SELECT ids[s.dep] FROM d) END AS deployment_id,
       CASE WHEN s.dep IS NULL THEN NULL ELSE (SELECT queues[s.dep] FROM d) END AS work_queue_id,
       CASE WHEN s.dep IS NULL THEN NULL ELSE (SELECT queue_names[s.dep] FROM d) END AS work_queue_name
FROM shaped s;

INSERT INTO flow_run (
  id, created, updated, name, state_type, state_name, state_timestamp, run_count,
  expected_start_time, next_scheduled_start_time, start_time, end_time, total_run_time,
  flow_id, deployment_id,
  work_queue_id, work_queue_name, tags, auto_scheduled
)
SELECT id, expected, coalesce(end_time, start_time, expected), name,
       state_type::state_type, state_name, coalesce(end_time, start_time, expected),
       CASE WHEN start_time IS NULL THEN 0 ELSE 1 END,
       expected, CASE WHEN state_type = 'SCHEDULED' THEN expected END, start_time, end_time,
       coalesce(end_time - start_time, interval '0'),
       flow_id, deployment_id, work_queue_id, work_queue_name, '["bulk"]'::jsonb, false
FROM bulk;

INSERT INTO flow_run_state (id, created, updated, flow_run_id, type, timestamp, name, state_details)
SELECT state_id, coalesce(end_time, start_time, expected), coalesce(end_time, start_time, expected),
       id, state_type::state_type, coalesce(end_time, start_time, expected), state_name,
       jsonb_build_object('flow_run_id', id)
FROM bulk;

UPDATE flow_run SET state_id = bulk.state_id FROM bulk WHERE flow_run.id = bulk.id;

-- Each run that started ran three tasks in turn (extract, transform, load: what the runs x
-- tasks grid and the comparison read), each a third of its run time; the first two
-- Completed, the last in the run's own state (Failed for a crashed run).
INSERT INTO task_run (
  id, created, updated, name, task_key, dynamic_key, flow_run_id, state_type, state_name,
  state_timestamp, run_count, expected_start_time, start_time, end_time, total_run_time
)
SELECT gen_random_uuid(), t.start_at, coalesce(t.end_at, t.start_at),
       t.task || '-' || substr(md5(b.id::text), 1, 3), t.task || '-5eed' || t.k, '0', b.id,
       t.state::state_type, initcap(t.state), coalesce(t.end_at, t.start_at),
       1, t.start_at, t.start_at, t.end_at, coalesce(t.end_at - t.start_at, interval '0')
FROM bulk b
CROSS JOIN LATERAL (
  SELECT k, task,
         b.start_time + (k - 1) * (coalesce(b.end_time, now()) - b.start_time) / 3 AS start_at,
         CASE WHEN k < 3 OR b.end_time IS NOT NULL
              THEN b.start_time + k * (coalesce(b.end_time, now()) - b.start_time) / 3 END AS end_at,
         CASE WHEN k < 3 THEN 'COMPLETED'
              WHEN b.state_type = 'CRASHED' THEN 'FAILED'
              ELSE b.state_type END AS state
  FROM (VALUES (1, 'extract'), (2, 'transform'), (3, 'load')) AS tasks(k, task)
) AS t
WHERE b.start_time IS NOT NULL;

-- What the runs wrote that the log counts read: a WARNING line in a tenth of the runs that
-- started, an ERROR line in each that failed or crashed.
INSERT INTO log (id, created, updated, name, level, flow_run_id, message, timestamp)
SELECT gen_random_uuid(), b.start_time, b.start_time, 'prefect.flow_runs', 30, b.id,
       'Slow source: retrying the read', b.start_time
FROM bulk b
WHERE b.start_time IS NOT NULL AND get_byte(decode(md5(b.id::text), 'hex'), 0) < 26;
INSERT INTO log (id, created, updated, name, level, flow_run_id, message, timestamp)
SELECT gen_random_uuid(), b.end_time, b.end_time, 'prefect.flow_runs', 40, b.id,
       'Finished in state ' || b.state_name, b.end_time
FROM bulk b
WHERE b.state_type IN ('FAILED', 'CRASHED') AND b.end_time IS NOT NULL;

COMMIT;

ANALYZE flow_run;
ANALYZE flow_run_state;
ANALYZE task_run;
ANALYZE log;
