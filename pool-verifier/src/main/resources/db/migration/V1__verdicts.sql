-- One row per verdict sent over TCP. Ids are assigned by the verifier (continuing after the highest stored id
-- on restart), so a row's id is also its position in the verdict stream.
CREATE TABLE verdicts (
    id                    BIGINT           NOT NULL PRIMARY KEY,
    recorded_at_ms        BIGINT           NOT NULL,
    peer                  VARCHAR(80)      NOT NULL,
    request_id            BIGINT           NOT NULL,
    accepted              BOOLEAN          NOT NULL,
    reason_code           VARCHAR(64),
    reasons               VARCHAR(1024)    NOT NULL,
    height                BIGINT           NOT NULL,
    prev_hash             VARCHAR(255)     NOT NULL,
    curtime               BIGINT           NOT NULL,
    coinbase_value        BIGINT           NOT NULL,
    tier                  VARCHAR(8)       NOT NULL,
    mempool_tx_count      BIGINT           NOT NULL,
    policy_version        BIGINT           NOT NULL,
    policy_hash           VARCHAR(64)      NOT NULL,
    evaluation_micros     BIGINT           NOT NULL,
    min_avg_fee           BIGINT           NOT NULL,
    min_total_fees        BIGINT           NOT NULL,
    max_tx_count          BIGINT           NOT NULL,
    max_weight_ratio      DOUBLE PRECISION NOT NULL,
    max_template_age_secs BIGINT           NOT NULL,
    max_sigops_cost       BIGINT           NOT NULL,
    max_coinbase_sigops   BIGINT           NOT NULL,
    tx_count              BIGINT           NOT NULL,
    total_fees            BIGINT           NOT NULL,
    avg_fee               DOUBLE PRECISION NOT NULL,
    weight                BIGINT           NOT NULL,
    weight_ratio          DOUBLE PRECISION NOT NULL,
    sigops                BIGINT           NOT NULL,
    coinbase_sigops       BIGINT           NOT NULL,
    template_age_secs     BIGINT           NOT NULL
);

CREATE INDEX verdicts_reason_idx ON verdicts (reason_code, id);
CREATE INDEX verdicts_time_idx ON verdicts (recorded_at_ms, id);
