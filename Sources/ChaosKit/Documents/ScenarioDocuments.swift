// `chaos list --format json` and `chaos validate --format json`: the scenario library and its problems.

/// One scenario file as `chaos list` shows it.
public struct ScenarioListEntry: Codable, Sendable, Equatable {
    /// A declared variable.
    public struct Variable: Codable, Sendable, Equatable {
        /// Its name.
        public var name: String
        /// Its type (`duration`, `rate`, …).
        public var type: String
        /// Its default value, when it has one.
        public var defaultValue: String?
        /// What it is for.
        public var description: String
        /// The value used in this listing (`--var`, else the default).
        public var value: String?
    }

    /// The file.
    public var file: String
    /// Whether it validates (`chaos validate FILE` says why not).
    public var valid: Bool
    /// Its title (empty when invalid).
    public var title: String
    /// Its tags.
    public var tags: [String]
    /// The fault kinds its method injects.
    public var faults: [String]
    /// The longest it can take, in seconds.
    public var estimatedSeconds: Double?
    /// The variables it declares.
    public var variables: [Variable]

    /// The entry of a file that did or did not load.
    public init(file: String, result: ScenarioLoadResult) {
        self.file = file
        valid = result.scenario != nil
        let values = result.scenario?.variableValues ?? [:]
        variables = result.declaredVariables.map {
            Variable(name: $0.name, type: $0.type.rawValue, defaultValue: $0.defaultValue, description: $0.description, value: values[$0.name])
        }
        guard let scenario = result.scenario else {
            title = ""
            tags = []
            faults = []
            return
        }
        title = scenario.title
        tags = scenario.tags
        faults = StepDescription.faultKinds(of: scenario)
        estimatedSeconds = RunPlan(scenario).estimatedTotal.seconds
    }
}

/// One problem as `chaos validate --format json` reports it.
public struct DiagnosticDocument: Codable, Sendable, Equatable {
    /// `error` or `warning`.
    public var severity: String
    /// The file.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// The key path, e.g. `method[2].target`.
    public var keyPath: String
    /// What is wrong.
    public var message: String
    /// Did you mean …
    public var suggestion: String?

    /// The document of a diagnostic.
    public init(_ diagnostic: Diagnostic) {
        severity = diagnostic.severity.rawValue
        file = diagnostic.location.file
        line = diagnostic.location.line
        column = diagnostic.location.column
        keyPath = diagnostic.keyPath
        message = diagnostic.message
        suggestion = diagnostic.suggestion
    }
}

/// One file as `chaos validate --format json` reports it.
public struct ValidationEntry: Codable, Sendable, Equatable {
    /// A shell command the scenario would run as root on this host.
    public struct Shell: Codable, Sendable, Equatable {
        /// `file:line:col`.
        public var location: String
        /// The step that runs it.
        public var step: String
        /// The command given to `/bin/sh -c`.
        public var command: String
    }

    /// The file.
    public var file: String
    /// Whether it has no error.
    public var valid: Bool
    /// Errors and warnings.
    public var diagnostics: [DiagnosticDocument]
    /// Shell commands it would run as root.
    public var shellCommands: [Shell]
    /// The variables' values used.
    public var variables: [String: String]

    /// The entry of a loaded file.
    public init(file: String, result: ScenarioLoadResult) {
        self.file = file
        valid = result.scenario != nil
        diagnostics = result.diagnostics.map(DiagnosticDocument.init)
        shellCommands = (result.scenario?.shellCommands ?? []).map { Shell(location: $0.location.description, step: $0.step, command: $0.command) }
        variables = result.scenario?.variableValues ?? [:]
    }
}

/// `chaos run --dry-run --format json`: the plan of one scenario.
public struct PlanDocument: Codable, Sendable, Equatable {
    /// One step of the method.
    public struct Step: Codable, Sendable, Equatable {
        /// The step's name.
        public var name: String
        /// What it does.
        public var summary: String
        /// Earliest start, seconds after the method starts.
        public var earliestSeconds: Double
        /// Latest start when every wait runs to its timeout.
        public var latestSeconds: Double
        /// Whether the next step starts without waiting for it.
        public var background: Bool
    }

    /// The file.
    public var file: String
    /// The title.
    public var title: String
    /// The variables' values.
    public var variables: [String: String]
    /// The method's steps.
    public var steps: [Step]
    /// The hypotheses, as written.
    public var hypotheses: [String]
    /// The longest the whole run can take, in seconds.
    public var estimatedSeconds: Double

    /// The document of a plan.
    public init(_ plan: RunPlan) {
        file = plan.scenario.file
        title = plan.scenario.title
        variables = plan.scenario.variableValues
        steps = plan.steps.map {
            Step(name: $0.step.name, summary: $0.summary, earliestSeconds: $0.earliestStart.seconds,
                 latestSeconds: $0.latestStart.seconds, background: $0.step.background)
        }
        hypotheses = plan.scenario.hypotheses.map(\.expression.source)
        estimatedSeconds = plan.estimatedTotal.seconds
    }
}

/// `chaos predict --format json`: what the failover model expects of one scenario.
public struct PredictionDocument: Codable, Sendable, Equatable {
    /// The file.
    public var file: String
    /// The title.
    public var title: String
    /// The predictions, or why there are none.
    public var prediction: PredictionSet

    /// The document of a scenario and its predictions.
    public init(scenario: Scenario, prediction: PredictionSet) {
        file = scenario.file
        title = scenario.title
        self.prediction = prediction
    }
}
