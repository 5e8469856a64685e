// The lab's network: a host bridge with the host's address, one namespace per node joined by a veth pair,
// no default route (nothing leaves the subnet), and a tagged host FORWARD rule so bridged traffic passes
// even when the host's FORWARD policy is DROP. Also finds and removes what a killed run left behind.

import Foundation

/// Creates and removes the lab network with `ip` and `iptables`.
struct LabNetwork {
    var topology: LabTopology
    var runner: CommandRunner

    /// What of the lab network exists right now.
    struct Leftovers: Equatable {
        var namespaces: [String] = []
        var interfaces: [String] = []
        var bridge = false
        var rules: [String] = []

        var isEmpty: Bool { namespaces.isEmpty && interfaces.isEmpty && !bridge && rules.isEmpty }
    }

    /// Builds the bridge, namespaces, veths and the FORWARD rule. Expects none of them to exist.
    func create() throws(LabError) {
        try ip(["link", "add", topology.bridge, "type", "bridge"])
        try ip(["addr", "add", "\(topology.hostAddress)/\(topology.prefixLength)", "dev", topology.bridge])
        try ip(["link", "set", topology.bridge, "up"])
        try iptables(["-I", "FORWARD", "1"] + ruleSpec)
        for node in topology.nodes { try join(node) }
    }

    /// Gives one node its namespace on the bridge: veth, address, links up.
    func join(_ node: LabNodeSpec) throws(LabError) {
        try ip(["netns", "add", node.namespace])
        try ip(["link", "add", node.hostInterface, "type", "veth", "peer", "name", "eth0", "netns", node.namespace])
        try ip(["link", "set", node.hostInterface, "master", topology.bridge, "up"])
        try ip(["-n", node.namespace, "addr", "add", "\(node.address)/\(topology.prefixLength)", "dev", "eth0"])
        try ip(["-n", node.namespace, "link", "set", "eth0", "up"])
        try ip(["-n", node.namespace, "link", "set", "lo", "up"])
    }

    /// Removes one node's namespace and veth (tolerant of either missing).
    func leave(_ node: LabNodeSpec) {
        if FileManager.default.fileExists(atPath: "/run/netns/\(node.namespace)") { _ = runner.run(["ip", "netns", "delete", node.namespace]) }
        let deadline = ContinuousClock.now + .seconds(3)
        while runner.run(["ip", "link", "show", node.hostInterface]).succeeded, ContinuousClock.now < deadline { usleep(100_000) }
        if runner.run(["ip", "link", "show", node.hostInterface]).succeeded { _ = runner.run(["ip", "link", "delete", node.hostInterface]) }
    }

    /// Lists what exists of the lab network (ours by exact name, and our tagged rules).
    func leftovers() -> Leftovers {
        var found = Leftovers()
        let names = Set(topology.allNodeSpecs.map(\.namespace))
        let namespaces = runner.run(["ip", "netns", "list"]).standardOutput
        found.namespaces = namespaces.split(separator: "\n").compactMap { line in
            let name = String(line.split(separator: " ").first ?? "")
            return names.contains(name) ? name : nil
        }
        let interfaces = Set(topology.allNodeSpecs.map(\.hostInterface))
        let links = runner.run(["ip", "-o", "link", "show"]).standardOutput
        for line in links.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2)
            guard fields.count > 1 else { continue }
            let name = String(fields[1].trimmingCharacters(in: .whitespaces).split(separator: "@").first ?? "")
            if name == topology.bridge { found.bridge = true }
            if interfaces.contains(name) { found.interfaces.append(name) }
        }
        found.rules = taggedRules()
        return found
    }

    /// Removes every namespace, veth, the bridge and our tagged rules; tolerant of any of them missing.
    /// Processes inside the namespaces must already be gone. Returns what could not be removed.
    @discardableResult
    func destroy() -> Leftovers {
        var current = leftovers()
        for namespace in current.namespaces { _ = runner.run(["ip", "netns", "delete", namespace]) }
        // Deleting a namespace destroys its veth end, and the host end with it, but not always at once.
        let deadline = ContinuousClock.now + .seconds(3)
        repeat {
            current = leftovers()
            if current.interfaces.isEmpty { break }
            usleep(100_000)
        } while ContinuousClock.now < deadline
        for interface in current.interfaces { _ = runner.run(["ip", "link", "delete", interface]) }
        if current.bridge { _ = runner.run(["ip", "link", "delete", topology.bridge]) }
        for rule in current.rules {
            // `-A FORWARD …` → `-D FORWARD …`, the exact rule as iptables printed it.
            let words = Self.shellWords(rule)
            guard words.first == "-A" else { continue }
            _ = runner.run(["iptables", "-w", "5", "-D"] + words.dropFirst())
        }
        return leftovers()
    }

    /// The rule that lets lab traffic cross the host FORWARD chain, tagged with our comment.
    private var ruleSpec: [String] {
        ["-i", topology.bridge, "-o", topology.bridge, "-m", "comment", "--comment", topology.ruleComment, "-j", "ACCEPT"]
    }

    /// Host FORWARD rules carrying our comment, as `iptables -S` prints them.
    private func taggedRules() -> [String] {
        let rules = runner.run(["iptables", "-w", "5", "-S", "FORWARD"]).standardOutput
        return rules.split(separator: "\n").map(String.init).filter { line in
            let words = Self.shellWords(line)
            return zip(words, words.dropFirst()).contains { $0 == "--comment" && $1 == topology.ruleComment }
        }
    }

    private func ip(_ arguments: [String]) throws(LabError) {
        let result = runner.run(["ip"] + arguments, timeout: .seconds(10))
        guard result.succeeded else {
            throw LabError("network set-up failed: \(CommandError(result))",
                           hint: "run `chaos lab down` to clear a half-built lab, then `chaos lab up` again")
        }
    }

    private func iptables(_ arguments: [String]) throws(LabError) {
        let result = runner.run(["iptables", "-w", "5"] + arguments, timeout: .seconds(10))
        guard result.succeeded else {
            throw LabError("could not add the host FORWARD rule for \(topology.bridge): \(CommandError(result))",
                           hint: "install iptables (scripts/install-deps.sh) and run as root")
        }
    }

    /// Splits an `iptables -S` line into words, honouring double quotes.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        var inWord = false
        for character in line {
            if character == "\"" { quoted.toggle(); inWord = true; continue }
            if character == " " && !quoted {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(character)
            inWord = true
        }
        if inWord { words.append(current) }
        return words
    }
}
