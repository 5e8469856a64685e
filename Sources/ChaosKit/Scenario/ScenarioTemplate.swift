// `chaos init`: the text of a new scenario — a commented starting point that validates as written, or a
// copy of a library scenario under a new name.

import Foundation

/// Writes new scenario files.
public enum ScenarioTemplate {
    /// The text of a new scenario named `name`. `schema` is the editor schema path for the modeline.
    public static func fresh(name: String, schema: String) -> String {
        """
        # yaml-language-server: $schema=\(schema)
        # \(name): a chaos experiment. Reference: docs/scenarios.md; every word: `chaos explain WORD`.
        # Check it with `chaos validate FILE`, see its plan with `chaos run FILE --dry-run`, run it with
        # `chaos run FILE` (add `--var rate=200` to change a variable for one run).
        version: 1
        title: \(name) (kill the primary, measure what clients feel)
        description: |
          What this experiment teaches, in a few sentences: the fault, what the cluster should do,
          and what a client should notice.
        tags: [draft]

        # Values a run may change with --var NAME=VALUE (or --var-file FILE); used below as ${name}.
        variables:
          rate: {type: rate, default: 100, description: writes per second on each path}
          target: {type: target, default: primary, description: the node the fault hits}

        # How the cluster must be set up (the lab is reconfigured to match): Patroni timing profile
        # (fast, patroni-default, seed) and replication (async, sync).
        cluster:
          profile: fast
          replication: async

        # Checked before the method and again after recovery.
        steady_state:
          - name: one-leader
            probe: patroni
            leaders: 1
            running: 3

        # Writers on every path, all through the run; every write is recorded (ops.csv).
        workload:
          paths: [direct, pgpool]
          rate: ${rate}
          warmup: 5s
          timeout: 2s
          cooldown: 10s

        # The steps, in order. A fault stays in effect until its heal step (or the end of the method).
        method:
          - name: the-fault
            fault: kill
            target: ${target}
            signal: SIGKILL
          - name: failover
            wait: new_leader
            timeout: 60s
          - name: writes-resume
            wait: writes_ok
            timeout: 30s
          - name: undo-the-fault
            heal: the-fault

        # What must hold afterwards; a broken one fails the run (exit 1).
        hypotheses:
          - expect: rto.direct < 30s
            note: Patroni's ttl plus a promotion
          - rpo.lost <= 2
          - invariant.single_writer

        # Stop early (faults are healed first) when one of these becomes true.
        abort_when:
          - elapsed > 5m

        """
    }

    /// A copy of `text` (a library scenario) for a new scenario named `name`: a header saying where it came
    /// from, and the editor schema line when the original has none.
    public static func copy(of text: String, from source: String, name: String, schema: String) -> String {
        var header = "# \(name): started from \(source). Reference: docs/scenarios.md; every word: `chaos explain WORD`.\n"
        if !text.contains("yaml-language-server:") { header = "# yaml-language-server: $schema=\(schema)\n" + header }
        var body = text
        if let first = body.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first,
           first.hasPrefix("# yaml-language-server:") {
            body = String(body.dropFirst(first.count + 1))
            header = "\(first)\n" + header
        }
        return header + body
    }
}
