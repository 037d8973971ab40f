-- Approvals (docs/approvals.md): calls a proxy held for a reviewer, and every decision on
-- them or on a pinned tool definition. Projected from approval.requested / approval.decided;
-- the decision in force is the first one (decided_at, then event id), so replays and a
-- racing second decision cannot change an answer once given.

-- One row per held call (approval.requested), keyed by the approval id the proxy chose.
CREATE TABLE IF NOT EXISTS approvals
(
    tenant           LowCardinality(String),
    approval_id      String,
    session_id       SimpleAggregateFunction(any, Nullable(String)),
    call_id          SimpleAggregateFunction(any, Nullable(String)),
    server_name      SimpleAggregateFunction(any, Nullable(String)),
    agent            SimpleAggregateFunction(any, Nullable(String)),
    tool_name        SimpleAggregateFunction(any, Nullable(String)),
    call_hash        SimpleAggregateFunction(any, Nullable(String)),
    reason           SimpleAggregateFunction(any, Nullable(String)),
    policy_version   SimpleAggregateFunction(any, Nullable(String)),
    matched_rules    SimpleAggregateFunction(any, Nullable(String)),
    risk             SimpleAggregateFunction(any, Nullable(String)),
    requested_at     SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC'))),
    expires_at       SimpleAggregateFunction(any, Nullable(DateTime64(3, 'UTC'))),
    request_event_id SimpleAggregateFunction(any, Nullable(String))
)
ENGINE = AggregatingMergeTree
ORDER BY (tenant, approval_id);

-- Every decision (approval.decided), one row per event: a held call's (subject tool_call)
-- or a pinned tool definition's (subject tool_definition, call_hash = the definition hash).
CREATE TABLE IF NOT EXISTS approval_decisions
(
    tenant        LowCardinality(String),
    approval_id   String,
    event_id      String,
    subject       SimpleAggregateFunction(any, Nullable(String)),
    decision      SimpleAggregateFunction(any, Nullable(String)),
    call_hash     SimpleAggregateFunction(any, Nullable(String)),
    reviewer      SimpleAggregateFunction(any, Nullable(String)),
    reviewer_name SimpleAggregateFunction(any, Nullable(String)),
    comment       SimpleAggregateFunction(any, Nullable(String)),
    server_name   SimpleAggregateFunction(any, Nullable(String)),
    tool_name     SimpleAggregateFunction(any, Nullable(String)),
    decided_at    SimpleAggregateFunction(min, Nullable(DateTime64(3, 'UTC')))
)
ENGINE = AggregatingMergeTree
ORDER BY (tenant, approval_id, event_id);
