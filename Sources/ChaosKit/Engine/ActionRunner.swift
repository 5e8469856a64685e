// One-shot actions of a method or rollback: SQL, CHECKPOINT, a shell command, heal everything.

/// Runs actions.
struct ActionRunner {
    let platform: any ClusterPlatform
    let endpoints: RunEndpoints
    let session: RunSession

    /// (outcome, detail). `stepName` seeds random target picks, as for faults.
    func run(_ action: KindInvocation, stepName: String) -> (String, String?) {
        let p = action.parameters
        switch action.kind {
        case "sql":
            let path = WritePath(rawValue: p["path"]?.stringValue ?? "direct") ?? .direct
            do {
                let connection = try PostgresConnection.connect(dsn: endpoints.dsn(for: path))
                _ = try connection.execute(p["query"]?.stringValue ?? "")
                return ("ok", nil)
            } catch {
                return ("failed", "\(error)")
            }
        case "checkpoint":
            return checkpoint(p["target"]?.targetValue ?? TargetSelector(.primary), stepName: stepName)
        case "shell":
            let result = platform.runner.run(
                ["/bin/sh", "-c", p["command"]?.stringValue ?? "true"], timeout: .seconds(120),
                cancelled: { [control = session.control] in control.aborted != nil })
            return (result.succeeded ? "ok" : "failed", "exit \(result.status)")
        case "heal_all":
            session.healEverything()
            return ("ok", nil)
        default:
            return ("failed", "action \(action.kind) is not implemented")
        }
    }

    /// CHECKPOINT on the nodes the target names when the step fires (a restartpoint on a replica).
    private func checkpoint(_ selector: TargetSelector, stepName: String) -> (String, String?) {
        var generator = SeededGenerator(seed: session.seed &+ StableHash.fnv1a(stepName))
        let roles = session.injector.currentRoles()
        let names: [String]
        do {
            names = try roles.resolve(selector, using: &generator)
        } catch {
            return ("failed", "\(error)")
        }
        var done: [String] = []
        for name in names {
            guard let dsn = endpoints.superuserDSN(node: name) else {
                return ("failed", "\(name) runs no PostgreSQL; checkpoint needs a PostgreSQL node (primary, replica, a pg member)")
            }
            do {
                let connection = try PostgresConnection.connect(dsn: dsn)
                _ = try connection.execute("CHECKPOINT")
                done.append(name == roles.leader ? "\(name) (primary)" : name)
            } catch {
                return ("failed", "CHECKPOINT on \(name): \(error)")
            }
        }
        return ("ok", "on " + done.joined(separator: ", "))
    }
}
