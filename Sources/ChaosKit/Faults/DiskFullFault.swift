// The disk faults on the filesystem under a PostgreSQL node's data directory (its WAL and its tables on one
// filesystem, as on most servers): `disk_full` fills it to the last block (healed by removing the filler);
// `fs_freeze` freezes it, so every write blocks (healed by thawing it).

struct DiskFullFault: FaultKind {
    let names = ["disk_full", "fs_freeze"]

    func plan(_ request: FaultRequest) throws(FaultError) -> FaultPlan {
        let kind = request.invocation.kind
        let targets = try request.targets()
        for name in targets where try request.node(name).service(.postgres) == nil {
            throw FaultError("\(kind) acts on a PostgreSQL node's data filesystem, and \(name) runs no PostgreSQL",
                             hint: "target primary, replica or a pg node")
        }
        let freeze = kind == "fs_freeze"
        return FaultPlan(
            kind: kind, targets: targets.map(request.label),
            operations: targets.map { freeze ? .freezeDataFilesystem(node: $0) : .fillDataFilesystem(node: $0) },
            undo: targets.map { freeze ? .thawDataFilesystem(node: $0) : .emptyDataFilesystem(node: $0) }, isHealable: true)
    }
}
