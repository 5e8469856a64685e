// Benchmark definitions: the cells they expand to, and every refusal with its file:line:col.

import Testing
@testable import ChaosKit

@Suite struct BenchDefinitionTests {
    func load(_ yaml: String) -> BenchLoadResult { BenchDefinitionReader.load(text: yaml, file: "bench.yaml") }

    @Test func aFullDefinitionReadsAndExpandsToInterleavedCells() throws {
        let result = load("""
            kind: benchmark
            title: HA cost
            targets: [single, direct, pgpool, replica]
            modes: [tpcb-like, select-only]
            clients: [1, 4]
            duration: 10s
            warmup: 2s
            repetitions: 2
            scale: 5
            cluster: {replication: sync}
            """)
        let definition = try #require(result.definition)
        #expect(definition.durationSeconds == 10 && definition.warmupSeconds == 2 && definition.scale == 5)
        #expect(definition.cluster.replication == .sync)
        // replica is read-only: its tpcb-like cells are left out, with a warning.
        #expect(result.diagnostics.map(\.severity) == [.warning])
        let cells = definition.cells
        #expect(cells.count == 2 * (2 * 3 + 2 * 4))
        #expect(cells.prefix(4).map(\.target) == [.single, .direct, .pgpool, .single])
        #expect(cells.first?.repetition == 1 && cells.last?.repetition == 2)
        #expect(!cells.contains { $0.target == .replica && $0.mode == .tpcbLike })
    }

    @Test func unknownTargetsAndModesAreRefusedWithPositionAndSuggestion() {
        let result = load("kind: benchmark\ntargets: [single, pgpol]\nmodes: [tpcb_like]\n")
        #expect(result.definition == nil)
        let descriptions = result.diagnostics.map(\.description)
        #expect(descriptions.contains { $0.hasPrefix("bench.yaml:2:19") && $0.contains("pgpool") })
        #expect(descriptions.contains { $0.hasPrefix("bench.yaml:3:9") && $0.contains("tpcb-like") })
    }

    @Test func absurdNumbersAreRefused() {
        let zero = load("kind: benchmark\nclients: [0, 4]\n")
        #expect(zero.definition == nil)
        #expect(zero.diagnostics.first?.description.hasPrefix("bench.yaml:2:11") == true)
        #expect(load("kind: benchmark\nclients: [500]\n").definition == nil)
        #expect(load("kind: benchmark\nclients: [32, 64]\n").definition != nil)
        #expect(load("kind: benchmark\nduration: 1s\n").diagnostics.first?.message.contains("progress interval") == true)
        #expect(load("kind: benchmark\nduration: 1.5s\n").definition == nil)
        #expect(load("kind: benchmark\nscale: 0\n").definition == nil)
        #expect(load("kind: benchmark\nrepetitions: -1\n").definition == nil)
    }

    @Test func aMissingKindOrAnUnknownKeyIsNamed() {
        #expect(load("targets: [direct]\n").diagnostics.first?.message.contains("kind: benchmark") == true)
        let typo = load("kind: benchmark\nclient: [1]\n")
        #expect(typo.diagnostics.first?.suggestion == "clients")
        #expect(load("kind: benchmark\ntargets: [replica]\nmodes: [tpcb-like]\n").definition == nil)
    }

    @Test func flagsAreCheckedByTheSameRules() throws {
        let good = BenchDefinitionReader.load(targets: "direct,pgpool", modes: "select-only", clients: "1,8", duration: "3s", warmup: "1s",
                                              repetitions: nil, scale: nil, replication: nil)
        let definition = try #require(good.definition)
        #expect(definition.targets == [.direct, .pgpool] && definition.clients == [1, 8] && definition.name == "ad-hoc")
        let bad = BenchDefinitionReader.load(targets: "direct", modes: nil, clients: "0", duration: nil, warmup: nil,
                                             repetitions: nil, scale: nil, replication: nil)
        #expect(bad.definition == nil && bad.diagnostics.contains { $0.message.contains("at least 1") })
    }

    @Test func benchmarkFilesAreRecognised() {
        #expect(BenchDefinitionReader.isBenchmark(text: "# x\nkind: benchmark\n"))
        #expect(BenchDefinitionReader.isBenchmark(text: "kind: 'benchmark'\n"))
        #expect(!BenchDefinitionReader.isBenchmark(text: "title: x\nmethod: []\n"))
    }
}
