import Foundation
import PackagePlugin

/// Builds the default theme (`Templates/`) and the starter workbook (`content/`) into the
/// library as Swift source, so an installed `rebound` needs no source tree beside it.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let folders = [("theme", root.appending(path: "Templates")), ("starter", root.appending(path: "content"))]
        let inputs = folders.flatMap { files(under: $0.1) }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        var arguments = [output.path]
        for (name, folder) in folders { arguments += [name, folder.path] }
        return [
            .buildCommand(
                displayName: "Embedding the default theme and starter workbook",
                executable: try context.tool(named: "EmbedTool").url,
                arguments: arguments,
                inputFiles: inputs + folders.map(\.1),
                outputFiles: [output]
            )
        ]
    }

    private func files(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath }
    }
}
