package org.reservegrid.verifier.history;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.reservegrid.protocol.FeeTier;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.protocol.message.TemplateVerdict;
import org.reservegrid.protocol.message.VerdictContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code verdicts} table (see db/migration). Rows are separate from the wire and API types. */
@Repository
public class VerdictRepository {
    private static final String COLUMNS =
            "id, recorded_at_ms, peer, request_id, accepted, reason_code, reasons, height,"
                    + " prev_hash, curtime, coinbase_value, tier, mempool_tx_count, policy_version, policy_hash,"
                    + " evaluation_micros, min_avg_fee, min_total_fees, max_tx_count, max_weight_ratio,"
                    + " max_template_age_secs, max_sigops_cost, max_coinbase_sigops, tx_count, total_fees, avg_fee, weight,"
                    + " weight_ratio, sigops, coinbase_sigops, template_age_secs, protocol_version";
    private static final String INSERT = "INSERT INTO verdicts (" + COLUMNS + ") VALUES ("
            + String.join(", ", java.util.Collections.nCopies(32, "?")) + ")";
    private static final RowMapper<VerdictRecord> ROW = VerdictRepository::map;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public VerdictRepository(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Inserts a batch in one transaction. */
    public void insert(List<VerdictRecord> batch) {
        transactions.executeWithoutResult(status -> jdbc.batchUpdate(INSERT, batch, batch.size(), this::bind));
    }

    /** Deletes at most {@code limit} rows recorded before {@code cutoffMillis}, in one transaction; returns how many. */
    public int deleteRecordedBefore(long cutoffMillis, int limit) {
        Integer deleted = transactions.execute(status -> jdbc.update(
                "DELETE FROM verdicts WHERE recorded_at_ms < ? FETCH FIRST ? ROWS ONLY", cutoffMillis, limit));
        return deleted == null ? 0 : deleted;
    }

    public long maxId() {
        Long max = jdbc.queryForObject("SELECT MAX(id) FROM verdicts", Long.class);
        return max == null ? 0 : max;
    }

    public long count() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM verdicts", Long.class);
        return count == null ? 0 : count;
    }

    public Optional<VerdictRecord> byId(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM verdicts WHERE id = ?", ROW, id).stream()
                .findFirst();
    }

    /** Matching rows with an id below {@code beforeId}, newest first. */
    public List<VerdictRecord> newest(VerdictQuery query, long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM verdicts WHERE id < ?");
        List<Object> args = new ArrayList<>(List.of(beforeId));
        appendFilters(sql, args, query);
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    /** Matching rows with an id above {@code afterId}, oldest first: one page of an export. */
    public List<VerdictRecord> page(VerdictQuery filter, long afterId, int pageSize) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM verdicts WHERE id > ?");
        List<Object> args = new ArrayList<>(List.of(afterId));
        appendFilters(sql, args, filter);
        sql.append(" ORDER BY id ASC LIMIT ?");
        args.add(pageSize);
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    private static void appendFilters(StringBuilder sql, List<Object> args, VerdictQuery query) {
        if (query.outcome() != null) {
            if (VerdictQuery.ACCEPTED.equals(query.outcome())) {
                sql.append(" AND accepted = TRUE");
            } else if (VerdictQuery.REJECTED.equals(query.outcome())) {
                sql.append(" AND accepted = FALSE");
            } else {
                sql.append(" AND reason_code = ?");
                args.add(query.outcome());
            }
        }
        if (query.since() != null) {
            sql.append(" AND recorded_at_ms >= ?");
            args.add(query.since().toEpochMilli());
        }
    }

    private void bind(PreparedStatement statement, VerdictRecord record) throws SQLException {
        TemplateVerdict verdict = record.verdict();
        VerdictContext context = verdict.context();
        VerdictContext.Thresholds thresholds = context.thresholds();
        VerdictContext.Measured measured = context.measured();
        int i = 1;
        statement.setLong(i++, record.id());
        statement.setLong(i++, record.recordedAt().toEpochMilli());
        statement.setString(i++, record.peer());
        statement.setLong(i++, verdict.requestId());
        statement.setBoolean(i++, verdict.accepted());
        statement.setString(
                i++, verdict.reasonCode() == null ? null : verdict.reasonCode().text());
        statement.setString(
                i++, verdict.reasons().stream().map(VerdictReason::text).collect(Collectors.joining(",")));
        statement.setLong(i++, record.height());
        statement.setString(i++, record.prevHash());
        statement.setLong(i++, record.curtime());
        statement.setLong(i++, record.coinbaseValue());
        statement.setString(i++, context.tier().text());
        statement.setLong(i++, context.mempoolTxCount());
        statement.setLong(i++, context.policyVersion());
        statement.setString(i++, context.policyHash());
        statement.setLong(i++, context.evaluationMicros());
        statement.setLong(i++, thresholds.minAvgFee());
        statement.setLong(i++, thresholds.minTotalFees());
        statement.setLong(i++, thresholds.maxTxCount());
        statement.setDouble(i++, thresholds.maxWeightRatio());
        statement.setLong(i++, thresholds.maxTemplateAgeSecs());
        statement.setLong(i++, thresholds.maxSigopsCost());
        statement.setLong(i++, thresholds.maxCoinbaseSigops());
        statement.setLong(i++, measured.txCount());
        statement.setLong(i++, measured.totalFees());
        statement.setDouble(i++, measured.avgFee());
        statement.setLong(i++, measured.weight());
        statement.setDouble(i++, measured.weightRatio());
        statement.setLong(i++, measured.sigops());
        statement.setLong(i++, measured.coinbaseSigops());
        statement.setLong(i++, measured.templateAgeSecs());
        statement.setInt(i, record.protocolVersion());
    }

    private static VerdictRecord map(ResultSet row, int rowNumber) throws SQLException {
        String reasonCode = row.getString("reason_code");
        String reasons = row.getString("reasons");
        List<VerdictReason> reasonList = reasons.isEmpty()
                ? List.of()
                : Arrays.stream(reasons.split(",")).map(VerdictReason::fromText).toList();
        VerdictContext context = new VerdictContext(
                tier(row.getString("tier")),
                row.getLong("mempool_tx_count"),
                new VerdictContext.Thresholds(
                        row.getLong("min_avg_fee"),
                        row.getLong("min_total_fees"),
                        row.getLong("max_tx_count"),
                        row.getDouble("max_weight_ratio"),
                        row.getLong("max_template_age_secs"),
                        row.getLong("max_sigops_cost"),
                        row.getLong("max_coinbase_sigops")),
                new VerdictContext.Measured(
                        row.getLong("tx_count"),
                        row.getLong("total_fees"),
                        row.getDouble("avg_fee"),
                        row.getLong("weight"),
                        row.getDouble("weight_ratio"),
                        row.getLong("sigops"),
                        row.getLong("coinbase_sigops"),
                        row.getLong("template_age_secs")),
                row.getLong("policy_version"),
                row.getString("policy_hash"),
                row.getLong("evaluation_micros"));
        TemplateVerdict verdict = new TemplateVerdict(
                row.getLong("request_id"),
                row.getBoolean("accepted"),
                reasonCode == null ? null : VerdictReason.fromText(reasonCode),
                reasonList,
                context);
        return new VerdictRecord(
                row.getLong("id"),
                Instant.ofEpochMilli(row.getLong("recorded_at_ms")),
                row.getString("peer"),
                row.getLong("height"),
                row.getString("prev_hash"),
                row.getLong("curtime"),
                row.getLong("coinbase_value"),
                protocolVersion(row),
                verdict);
    }

    /** NULL in rows written before V2 added the column. */
    private static int protocolVersion(ResultSet row) throws SQLException {
        int version = row.getInt("protocol_version");
        return row.wasNull() ? -1 : version;
    }

    private static FeeTier tier(String text) {
        for (FeeTier tier : FeeTier.values()) {
            if (tier.text().equals(text)) {
                return tier;
            }
        }
        throw new IllegalStateException("unknown tier in history: " + text);
    }
}
