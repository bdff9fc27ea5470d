package notice

import (
	"embed"
	"io/fs"
	"sync"

	"github.com/breachkit/breachkit/locale"
)

// The wording of every notice, one JSON file per language (see locale.Load).
//
//go:embed catalog/*.json
var catalogFiles embed.FS

// Catalog returns the catalog that holds the notices' wording in every
// supported language. It is loaded once; a Catalog is immutable.
func Catalog() *locale.Catalog { return loadCatalog() }

var loadCatalog = sync.OnceValue(func() *locale.Catalog {
	sub, err := fs.Sub(catalogFiles, "catalog")
	if err != nil {
		panic(err)
	}
	c, err := locale.Load(sub)
	if err != nil {
		// The files are embedded and checked by the tests: this cannot happen
		// in a build that passed them.
		panic("notice: embedded catalog: " + err.Error())
	}
	return c
})
