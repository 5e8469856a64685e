// One-shot actions of a method or rollback: SQL, CHECKPOINT, a shell command, heal everything.

/// Runs actions.
struct ActionRunner {
    let lab: LabController
    let endpoints: RunEndpoints
    let session: RunSession

    /// (outcome, detail).
    func run(_ action: KindInvocation) -> (String, String?) {
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
            do {
                let connection = try PostgresConnection.connect(dsn: endpoints.superuserDSN)
                _ = try connection.execute("CHECKPOINT")
                return ("ok", "on the primary")
            } catch {
                return ("failed", "\(error)")
            }
        case "shell":
            let result = lab.runner.run(["/bin/sh", "-c", p["command"]?.stringValue ?? "true"], timeout: .seconds(120))
            return (result.succeeded ? "ok" : "failed", "exit \(result.status)")
        case "heal_all":
            session.healEverything()
            return ("ok", nil)
        default:
            return ("failed", "action \(action.kind) is not implemented")
        }
    }
}
