// Start-up script of environment/jshell: the library's packages, imported.
import dev.metalora.*;
import dev.metalora.results.*;
import dev.metalora.progress.*;
import dev.metalora.vision.*;
import dev.metalora.core.*;
import dev.metalora.shallow.*;
import dev.metalora.linear.*;
import dev.metalora.theory.*;
import dev.metalora.plot.*;
import static dev.metalora.plot.Show.show;
