package nn

import (
	"strings"

	"github.com/gomlx/gomlx/ml/model"
)

// Freeze marks every variable that exists under scope (its own and its
// sub-scopes') non-trainable, so optimizers leave them alone: a frozen
// base layer under LoRA, a frozen random projection, a fixed readout head.
// Call it after the variables are created, that is after the layer is
// built.
func Freeze(scope *model.Scope) {
	prefix := scope.Scope()
	below := strings.TrimSuffix(prefix, "/") + "/" // the root scope is "/"
	for v := range scope.Store().IterVariables() {
		if v.Scope() == prefix || strings.HasPrefix(v.Scope(), below) {
			v.SetTrainable(false)
		}
	}
}
