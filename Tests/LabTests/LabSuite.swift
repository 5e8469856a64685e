// The parent of every lab test: one lab exists per host, so all lab suites run one test at a time, and
// only as root with the packages present (the skip reason is printed loudly otherwise).

import Testing

@Suite(.serialized, .enabled(if: LabSupport.skipReason == nil, Comment(rawValue: LabSupport.skipReason ?? "")))
enum LabSuite {}
