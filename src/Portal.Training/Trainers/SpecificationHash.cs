using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Portal.Training.Trainers;

/// <summary>A short fingerprint of a run's settings: a checkpoint resumes only the run it was written for.</summary>
public static class SpecificationHash
{
    public static string Of<T>(T specification) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(specification))))[..16];
}
