-- The browser benchmark's scale data (tests/bench/cold.rs): writes :runs flow runs and their
-- states straight into a Prefect 3.8 PostgreSQL database, never a server the benchmark did
-- not start. The REST API can neither back-date a run nor write 100,000 of them quickly, so
-- the rows are made here, shaped as Prefect's own (`prefect/server/database/orm_models.py`):
-- each run belongs to a random deployment the seed made through the API (a fifth of them to
-- its flow without a deployment), expected to start at a random moment in the last 7 days,
-- and is Completed (70 %), Failed (10 %), Crashed (4 %), Cancelled (4 %), Late (6 %) or
-- Running (6 %), with start and end times, run time and a current state row.
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

COMMIT;

ANALYZE flow_run;
ANALYZE flow_run_state;
