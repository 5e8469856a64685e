// The bank's checker, run over its history after the run: every check must have seen the whole total with no
// balance below zero, and the database's final balances must be the opening ones moved by exactly the transfers its
// log kept — every acknowledged transfer among them, none that certainly failed.


import Foundation
/// What the bank's workload found.
public struct BankResults: Sendable, Hashable, Codable {
    /// Transfers by outcome, and the serialization failures and deadlocks retried.
    public var transfersOK = 0, transfersDeclined = 0, transfersFailed = 0, transfersAmbiguous = 0, retries = 0
    /// Ambiguous transfers the log shows applied.
    public var ambiguousApplied = 0
    /// Checks answered and failed.
    public var checksOK = 0, checksFailed = 0
    /// Checks answered by a server that had not yet replayed the opening of the accounts (a standby, before the
    /// checker first saw them): not judged.
    public var checksBeforeOpening: Int?
    /// The total never changed and no balance went below zero: in every check, and in the final balances.
    public var bankTotal: InvariantVerdict
    /// Every acknowledged transfer is in the final balances exactly once, with its log row, and no transfer that
    /// certainly failed is; nil when the bank could not be read back.
    public var transfersExactlyOnce: InvariantVerdict?
    /// Why the bank could not be read back, if it could not.
    public var readBackError: String?

    /// Judges a bank's history: `records` (any order), the database's `final` state (nil: not read back), times said
    /// from `originNs` (the method's start).
    public static func evaluate(_ records: [BankRecord], final: BankFinalState?, spec: BankSpec, originNs: Int64, readBackError: String? = nil) -> BankResults {
        func at(_ ns: Int64) -> String { String(format: "%+.1f s", Double(ns - originNs) / 1e9) }
        func money(_ value: Int64) -> String { String(value) }
        var results = BankResults(bankTotal: InvariantVerdict(violations: []), readBackError: readBackError)
        var totalViolations: [String] = []
        var transfers: [String: BankRecord] = [:]
        // A standby (through PgPool-II) may answer a checker's first checks before it has replayed the opening of the
        // accounts: an empty bank before that checker ever saw the accounts is "not yet there", not money missing.
        var sawAccounts = Set<String>()
        for record in records.sorted(by: { $0.endNs < $1.endNs }) {
            switch (record.kind, record.outcome) {
            case (.check, .ok) where (record.accounts ?? 0) == 0 && !sawAccounts.contains(record.client):
                results.checksBeforeOpening = (results.checksBeforeOpening ?? 0) + 1
            case (.check, .ok):
                results.checksOK += 1
                sawAccounts.insert(record.client)
                var wrong: [String] = []
                if record.accounts != spec.accounts { wrong.append("\(record.accounts ?? 0) accounts of \(spec.accounts)") }
                if let total = record.total, total != spec.total { wrong.append("a total of \(money(total)), not \(money(spec.total))") }
                if let minimum = record.minimum, minimum < 0 { wrong.append("a balance of \(money(minimum))") }
                if !wrong.isEmpty { totalViolations.append("\(at(record.endNs)) \(record.client) #\(record.seq) saw " + wrong.joined(separator: " and ")) }
            case (.check, _): results.checksFailed += 1
            case (.transfer, let outcome):
                transfers["\(record.client)#\(record.seq)"] = record
                results.retries += record.retries ?? 0
                switch outcome {
                case .ok: results.transfersOK += 1
                case .declined: results.transfersDeclined += 1
                case .failed: results.transfersFailed += 1
                case .ambiguous: results.transfersAmbiguous += 1
                }
            }
        }
        guard let final else {
            results.bankTotal = InvariantVerdict(violations: totalViolations)
            return results
        }
        let finalTotal = final.balances.values.reduce(0, +)
        if final.balances.count != spec.accounts { totalViolations.append("after the run: \(final.balances.count) accounts of \(spec.accounts)") }
        if finalTotal != spec.total { totalViolations.append("after the run: a total of \(money(finalTotal)), not \(money(spec.total))") }
        for (id, balance) in final.balances.sorted(by: { $0.key < $1.key }) where balance < 0 {
            totalViolations.append("after the run: account \(id) at \(money(balance))")
        }
        results.bankTotal = InvariantVerdict(violations: totalViolations)

        var violations: [String] = []
        var expected = Dictionary(uniqueKeysWithValues: (1...max(1, spec.accounts)).map { ($0, Int64(spec.balance)) })
        var logged = Set<String>()
        for transfer in final.transfers {
            let key = "\(transfer.client)#\(transfer.seq)"
            logged.insert(key)
            expected[transfer.from, default: 0] -= transfer.amount
            expected[transfer.to, default: 0] += transfer.amount
            guard let record = transfers[key] else { continue }
            if record.from != transfer.from || record.to != transfer.to || record.amount != transfer.amount {
                violations.append("\(key) is logged as \(transfer.from)→\(transfer.to) \(transfer.amount), sent as \(record.from ?? 0)→\(record.to ?? 0) \(record.amount ?? 0)")
            }
            switch record.outcome {
            case .failed, .declined:
                violations.append("\(key) (\(at(record.startNs))) \(record.outcome.rawValue)\(record.message.map { " (\($0))" } ?? "") and was applied")
            case .ambiguous: results.ambiguousApplied += 1
            case .ok: break
            }
        }
        for (key, record) in transfers.sorted(by: { $0.value.startNs < $1.value.startNs }) where record.outcome == .ok && !logged.contains(key) {
            violations.append("\(key) (\(at(record.startNs)), \(record.from ?? 0)→\(record.to ?? 0) \(record.amount ?? 0)) was acknowledged and is not in the database")
        }
        for (id, balance) in final.balances.sorted(by: { $0.key < $1.key }) where expected[id] != balance {
            violations.append("account \(id) holds \(money(balance)); its opening balance moved by the logged transfers gives \(money(expected[id] ?? 0))")
        }
        results.transfersExactlyOnce = InvariantVerdict(violations: violations)
        return results
    }
}
