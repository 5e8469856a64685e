// Every figure of a run, computed from its history, and looked up by metric name.

/// The measurement verdict of one run.
public struct MeasurementResults: Sendable, Hashable, Codable {
    /// RTO, downtime and gaps per path that had ops.
    public var paths: [PathAvailability]
    /// Data loss; nil when the rows were not read back.
    public var rpo: RPOResult?
    /// At most one node acknowledged writes at a time.
    public var singleWriter: InvariantVerdict
    /// Timelines never went back.
    public var timelineMonotonic: InvariantVerdict
    /// The old primary rejoined within the bound.
    public var oldPrimaryRejoined: InvariantVerdict
    /// Fault → old primary seen as a running replica on the new timeline.
    public var rejoinNs: Int64?
    /// PgPool never acknowledged a write on a demoted node.
    public var pgpoolNoDemotedWrite: InvariantVerdict
    /// RTO by layer.
    public var layers: LayerTimeline
    /// Leader changes during the run.
    public var failovers: Int
    /// What the scenario's pgbench load felt, when it had one.
    public var throughput: ThroughputResults?
    /// What the readers felt, when the workload had readers.
    public var reads: ReadResults?
    /// What the sampler read of the cluster, when it ran.
    public var sampled: SampledMetrics?
    /// What the `during:` probes saw, when the scenario had any.
    public var during: ContinuousProbeResults?
    /// What the bank workload found, when the workload had one.
    public var bank: BankResults?

    /// Runs every check over a history.
    public static func evaluate(_ history: MeasurementHistory) -> MeasurementResults {
        let paths = WritePath.allCases.filter { path in history.ops.contains { $0.path == path } }.map { path in
            var availability = PathAvailability.evaluate(
                ops: history.ops, path: path, faultNs: history.faultNs, windowEndNs: history.windowEndNs, holdNs: history.recoveryHoldNs)
            availability.outages = availability.outages?.map { outage in
                var annotated = outage
                annotated.observed = PathOutages.observed(around: outage, events: history.events, originNs: history.originNs ?? history.faultNs ?? 0)
                return annotated
            }
            return availability
        }
        let (rejoined, rejoinNs) = InvariantChecks.oldPrimaryRejoined(
            events: history.events, faultNs: history.faultNs, boundNs: history.rejoinBoundNs)
        let reads = history.reads.isEmpty ? nil : ReadResults.evaluate(
            reads: history.reads, writes: history.ops, sourcePath: history.readSourcePath, faultNs: history.faultNs,
            windowEndNs: history.windowEndNs, holdNs: history.recoveryHoldNs)
        return MeasurementResults(
            paths: paths,
            rpo: history.readBack.map {
                RPOResult.evaluate(ops: history.ops, readBack: $0, timelineHistory: history.timelineHistory)
            },
            singleWriter: InvariantChecks.singleWriter(ops: history.ops),
            timelineMonotonic: InvariantChecks.timelineMonotonic(ops: history.ops, events: history.events),
            oldPrimaryRejoined: rejoined,
            rejoinNs: rejoinNs,
            pgpoolNoDemotedWrite: InvariantChecks.pgpoolNoDemotedWrite(history: history),
            layers: LayerTimeline.evaluate(events: history.events, faultNs: history.faultNs, paths: paths),
            failovers: ClusterReplay(events: history.events).leaderChanges().count, reads: reads)
    }

    /// The availability of one path, if it had ops.
    public func availability(of path: WritePath) -> PathAvailability? { paths.first { $0.path == path } }

    /// The value of a result metric by its ``MetricCatalog`` name; nil when unknown or not measured
    /// (e.g. `rto.direct` when the path never recovered, `rpo.*` when rows were not read back).
    public func value(of metricName: String) -> MetricValue? {
        if metricName.hasPrefix("reads.") { return readValue(metricName) }
        if metricName.contains("metric.") { return sampled?.value(of: metricName) }
        if metricName == "during.failures" { return during.map { .count($0.failures) } }
        if let path = pathSuffix(metricName) { return pathValue(metricName: metricName, path: path) }
        switch metricName {
        case "rpo.lost": return rpo.map { .count($0.lost.count) }
        case "rpo.ambiguous": return rpo.map { .count($0.ambiguous.count) }
        case "rpo.duplicated": return rpo.map { .count($0.duplicated.count) }
        case "rpo.wal_bytes": return rpo?.walBytesLost.map { .count(Int(clamping: $0)) }
        case "invariant.single_writer": return .boolean(singleWriter.holds)
        case "invariant.timeline_monotonic": return .boolean(timelineMonotonic.holds)
        case "invariant.old_primary_rejoined": return .boolean(oldPrimaryRejoined.holds)
        case "invariant.pgpool_no_demoted_write": return .boolean(pgpoolNoDemotedWrite.holds)
        case "invariant.bank_total": return bank.map { .boolean($0.bankTotal.holds) }
        case "invariant.transfers_exactly_once": return bank?.transfersExactlyOnce.map { .boolean($0.holds) }
        case "bank.transfers.ok": return bank.map { .count($0.transfersOK) }
        case "bank.transfers.failed": return bank.map { .count($0.transfersFailed) }
        case "bank.transfers.ambiguous": return bank.map { .count($0.transfersAmbiguous) }
        case "bank.retries": return bank.map { .count($0.retries) }
        case "layer.leader_key_changed": return layers.leaderKeyChangedNs.map(MetricValue.nanoseconds)
        case "layer.promotion": return layers.promotionNs.map(MetricValue.nanoseconds)
        case "layer.pgpool_switch": return layers.pgpoolSwitchNs.map(MetricValue.nanoseconds)
        case "rejoin.old_primary": return rejoinNs.map(MetricValue.nanoseconds)
        case "failovers": return .count(failovers)
        case "throughput.recovery": return throughput?.recoveryNs.map(MetricValue.nanoseconds)
        case "throughput.fault_p99": return throughput?.faultP99Ns.map(MetricValue.nanoseconds)
        case "throughput.pre_fault_tps": return throughput?.preFaultMedianTps.map { .count(Int($0.rounded())) }
        default: return nil
        }
    }

    private func readValue(_ metricName: String) -> MetricValue? {
        guard let reads else { return nil }
        switch metricName {
        case "reads.stale.count": return .count(reads.staleCount)
        case "reads.stale.max": return .nanoseconds(reads.staleMaxNs)
        case "reads.stale.writes_behind": return .count(reads.writesBehindMax)
        case "reads.violations.monotonic": return .count(reads.monotonicViolations)
        default: break
        }
        guard let word = metricName.split(separator: ".").last, let path = ReadPath(rawValue: String(word)) else { return nil }
        let result = reads.path(path)
        switch metricName {
        case "reads.rto.\(path.rawValue)": return result?.rtoNs.map(MetricValue.nanoseconds)
        case "reads.downtime.\(path.rawValue)": return result.map { .nanoseconds($0.downtimeNs) }
        case "reads.max_gap.\(path.rawValue)": return result.map { .nanoseconds($0.maxGapNs) }
        case "reads.ok.\(path.rawValue)": return .count(result?.ok ?? 0)
        case "reads.failed.\(path.rawValue)": return .count(result?.failed ?? 0)
        case "reads.from_standby.\(path.rawValue)": return .count(result?.fromStandby ?? 0)
        default: return nil
        }
    }

    private func pathSuffix(_ metricName: String) -> WritePath? {
        metricName.split(separator: ".").lazy.compactMap { WritePath(rawValue: String($0)) }.first
    }

    private func pathValue(metricName: String, path: WritePath) -> MetricValue? {
        let availability = availability(of: path)
        switch metricName {
        case "rto.\(path.rawValue)": return availability?.rtoNs.map(MetricValue.nanoseconds)
        case "downtime.\(path.rawValue)": return availability.map { .nanoseconds($0.downtimeNs) }
        case "max_gap.\(path.rawValue)": return availability.map { .nanoseconds($0.maxGapNs) }
        case "writes.ok.\(path.rawValue)": return .count(availability?.acked ?? 0)
        case "writes.failed.\(path.rawValue)": return .count(availability?.failed ?? 0)
        case "outages.\(path.rawValue).count": return availability?.outages.map { _ in .count(availability?.outagesSinceFault.count ?? 0) }
        case "outages.\(path.rawValue).after_recovery.count":
            return availability?.outages.map { _ in .count(availability?.outagesAfterRecovery.count ?? 0) }
        case "outages.\(path.rawValue).after_recovery.max": return availability?.afterRecoveryMaxNs.map(MetricValue.nanoseconds)
        default: return nil
        }
    }
}
