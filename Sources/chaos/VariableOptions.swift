// `--var NAME=VALUE` and `--var-file FILE`, and loading scenario files with them.

import ArgumentParser
import ChaosKit

/// Values for scenario variables.
struct VariableOptions: ParsableArguments {
    @Option(name: .customLong("var"), help: ArgumentHelp(
        "Set a scenario variable (repeatable). The same NAME given twice runs the scenario once per value.",
        valueName: "name=value"))
    var variables: [String] = []

    @Option(name: .customLong("var-file"), help: ArgumentHelp(
        "A YAML file of variable values (name: value); --var overrides it.", valueName: "file"),
        completion: .file(extensions: ["yaml", "yml"]))
    var variableFiles: [String] = []

    /// Every set of values asked for (one, or one per value of a variable given several times).
    func settings() throws -> [VariableSettings] {
        switch VariableSettings.parse(flags: variables, files: variableFiles) {
        case .success(let sets): return sets
        case .failure(let problem): throw ValidationError(problem.description)
        }
    }
}

/// Scenario files loaded with a command line's variables.
enum ScenarioLoading {
    /// Loads every file once per set of variable values. With one file a value for a variable it does not
    /// declare is an error at once; with several, each file takes the values it declares and a name no file
    /// declares is an error. Diagnostics are printed on standard error.
    static func load(_ files: [String], variables: VariableOptions, loader base: ScenarioLoader) throws -> [(file: String, result: ScenarioLoadResult)] {
        var loads: [(file: String, result: ScenarioLoadResult)] = []
        var declared: Set<String> = []
        let sets = try variables.settings()
        for settings in sets {
            for file in files {
                var loader = base
                loader.variables = settings
                loader.requireDeclaredVariables = files.count == 1
                let result = loader.load(fileAt: file)
                declared.formUnion(result.declaredVariables.map(\.name))
                loads.append((file, result))
            }
        }
        if files.count > 1 {
            let given = Set(sets.flatMap(\.values.keys))
            for name in given.subtracting(declared).sorted() {
                let hint = Suggestion.closest(to: name, among: declared).map { " (did you mean '\($0)'?)" } ?? ""
                throw ValidationError("--var \(name): none of the \(files.count) scenarios declares a variable '\(name)'\(hint)")
            }
        }
        return loads
    }
}
