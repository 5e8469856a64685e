// Every fault kind the validator, the schema and `chaos explain` know (the catalog) has an implementation that
// plans it (the registry), and every implementation is in the catalog: "declared but not implemented" cannot
// ship, nor an implementation nobody can ask for.

import Testing
@testable import ChaosKit

struct KindCoverageTests {
    @Test func everyCataloguedFaultKindIsImplementedAndNoOtherIs() {
        let catalogued = Set(KindCatalog.faults.names)
        let implemented = Set(FaultRegistry.kinds.flatMap(\.names))
        #expect(catalogued.subtracting(implemented).isEmpty, "declared, not implemented: \(catalogued.subtracting(implemented).sorted())")
        #expect(implemented.subtracting(catalogued).isEmpty, "implemented, not declared: \(implemented.subtracting(catalogued).sorted())")
    }
}
