package modelpack

// A bundle carries reranking plugins (rules/ABI.md) as byte sections, one WebAssembly module each, named
// SectionPluginPrefix + the plugin rule's name. The rules spec (SectionRulesSpec) refers to them from rules
// of kind "plugin"; package rules/plugin loads them. A bundle's plugins are never run by the readers of
// this package: they are bytes like any other section, checksummed and length-checked.
const (
	// SectionPluginPrefix starts the name of a plugin's section: "plugin.fresh" holds plugin "fresh".
	SectionPluginPrefix = "plugin."
)

// SectionPlugin returns the section name of the plugin named name.
func SectionPlugin(name string) string { return SectionPluginPrefix + name }
