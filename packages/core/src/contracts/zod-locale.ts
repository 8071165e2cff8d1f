import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * zod's English messages ("Too big: expected number to be <=100"), which the API's 400s carry.
 * Classic zod installs them when its first schema is built; zod/mini leaves the choice to the
 * application so that a bundle carries one locale at most.
 */
config(en());
