package prep

import (
	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin/meter"
)

// Info is what checking a plugin learns without running it.
type Info struct {
	// Name is the plugin's name: the manifest's, else the name given to Prepare (Check, Load).
	Name string `json:"name"`
	// Manifest is the plugin's manifest (the zero Manifest with ABI 1 when it has none).
	Manifest    abi.Manifest `json:"manifest"`
	HasManifest bool         `json:"has_manifest"`
	// Imports lists the module's imports as "module.name".
	Imports []string `json:"imports"`
	// Fuel, InitFuel and MemoryPages are the limits granted.
	Fuel        int64  `json:"fuel"`
	InitFuel    int64  `json:"init_fuel"`
	MemoryPages uint32 `json:"memory_pages"`
	// Stack is the call-stack budget in slots.
	Stack int32 `json:"stack"`
	// InitialPages is the memory the module starts with.
	InitialPages uint32 `json:"initial_pages"`
	// ModuleBytes and MeteredBytes are the module's size before and after instrumentation.
	ModuleBytes  int `json:"module_bytes"`
	MeteredBytes int `json:"metered_bytes"`
	// Meter describes the instrumentation: functions, metering points, the largest single charge.
	Meter meter.Stats `json:"meter"`
}
