// Every fault kind a scenario may name, with its parameters. One entry per kind; the Faults module
// implements each. Adding a fault means adding an entry here and a file there.

extension KindCatalog {
    /// The fault kinds.
    public static let faults = KindCatalog(family: "fault kind", kinds: [
        KindDefinition(
            "kill", "send a signal to a service or the whole node (crash); healed by starting it again",
            parameters: [target(), service(), ParameterSpec("signal", .signal, default: .signal(Signal(name: "SIGKILL", number: 9)), "signal to send"), duration()],
            isHealable: true),
        KindDefinition(
            "stop", "stop a service gracefully (SIGTERM, then wait); healed by starting it",
            parameters: [target(), service(), duration()], isHealable: true),
        KindDefinition(
            "pause", "freeze a service with SIGSTOP (like docker pause); healed by SIGCONT",
            parameters: [target(), service(), duration()], isHealable: true),
        KindDefinition(
            "disk_full", "fill the filesystem under a PostgreSQL node's data (pg_wal and the tables) to the last block; healed by freeing it",
            parameters: [target(), duration()], isHealable: true),
        KindDefinition(
            "fs_freeze", "freeze the filesystem under a PostgreSQL node's data (every write to it blocks, reads go on); healed by thawing it",
            parameters: [target(), duration()], isHealable: true),
        KindDefinition(
            "restart", "stop and start a service at once",
            parameters: [target(), service()]),
        KindDefinition(
            "isolate", "cut a node off from every other node and from clients",
            parameters: [target(), duration()], requires: [.iptables], isHealable: true),
        KindDefinition(
            "partition", "drop traffic between groups of nodes; clients still reach every node",
            parameters: [
                ParameterSpec("groups", .targetGroups, required: true, "two or more groups, e.g. [[primary], [replica, etcd]]"),
                duration(),
            ],
            requires: [.iptables], isHealable: true),
        KindDefinition(
            "drop", "drop traffic one way, from one node to another",
            parameters: [
                ParameterSpec("from", .target, required: true, "sender whose packets are dropped"),
                ParameterSpec("to", .target, required: true, "receiver that never sees them"),
                duration(),
            ],
            requires: [.iptables], isHealable: true),
        KindDefinition(
            "packet_loss", "drop a percentage of a node's incoming packets at random",
            parameters: [
                target(), ParameterSpec("percent", .number(min: 0.1, max: 100), required: true, "share of packets dropped"),
                duration(),
            ],
            requires: [.iptables, .iptablesStatistic], isHealable: true),
        KindDefinition(
            "bandwidth", "limit a node's outgoing bandwidth",
            parameters: [target(), ParameterSpec("rate", .bitRate, required: true, "e.g. 1mbit"), duration()],
            requires: [.tbf], isHealable: true),
        KindDefinition(
            "latency", "delay a node's outgoing packets",
            parameters: [target(), ParameterSpec("delay", .duration, required: true, "added delay"), duration()],
            requires: [.netem], isHealable: true),
        KindDefinition(
            "jitter", "delay a node's outgoing packets by a varying amount",
            parameters: [
                target(), ParameterSpec("delay", .duration, required: true, "mean added delay"),
                ParameterSpec("jitter", .duration, required: true, "variation around the delay"), duration(),
            ],
            requires: [.netem], isHealable: true),
        KindDefinition(
            "switchover", "planned switchover through Patroni's REST API",
            parameters: [ParameterSpec("to", .target, "the replica to promote; any healthy replica when left out")]),
        KindDefinition(
            "failover", "manual failover through Patroni's REST API",
            parameters: [ParameterSpec("to", .target, default: .target(TargetSelector(.replica)), "the replica to promote")]),
        KindDefinition(
            "patroni_pause", "put Patroni in maintenance mode (no automatic failover); healed by resuming",
            parameters: [duration()], isHealable: true),
        KindDefinition(
            "pgpool_detach", "detach a backend from PgPool-II; healed by attaching it again",
            parameters: [target(), duration()], isHealable: true),
    ])

    private static func target() -> ParameterSpec {
        ParameterSpec("target", .target, required: true, "which node, by role at fire time or by name")
    }

    private static func service() -> ParameterSpec {
        ParameterSpec(
            "service", .choice(["node", "postgres", "patroni", "etcd", "pgpool"]), default: .string("node"),
            "which service on the node; node means every service on it")
    }

    private static func duration() -> ParameterSpec {
        ParameterSpec("duration", .duration, "heal after this long; without it the fault lasts until a heal step or the end of the method")
    }
}
