// What nearly every file of the run lifecycle uses: the database, runs and datasets, the training engine's settings,
// and this project's own layers. Anything else is named in the file that uses it.
global using Microsoft.EntityFrameworkCore;
global using Portal.Core.Data;
global using Portal.Core.Features.Changes;
global using Portal.Core.Features.Datasets;
global using Portal.Core.Features.Runs;
global using Portal.Runs.Planning;
global using Portal.Runs.Results;
global using Portal.Runs.Scoring;
global using Portal.Runs.Starting;
global using Portal.Runs.Training;
global using Portal.Training.Specification;
