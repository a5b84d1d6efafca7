import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Prints the bcrypt hash of the password in the environment variable NERAVA_NEW_PASSWORD, as the karaf realm stores
 * it (etc/org.apache.karaf.jaas.cfg: encryption.name = spring-security-crypto, algorithm bcrypt). Run by
 * bin/nerava-add-admin with the Spring Security Crypto jar the distribution ships in system/; the password never
 * appears in an argument or a log.
 */
public class NeravaHashPassword {

    /** Spring Security's BCryptPasswordEncoder default, which the realm checks against. */
    private static final int LOG_ROUNDS = 10;

    public static void main(String[] args) {
        String password = System.getenv("NERAVA_NEW_PASSWORD");
        if (password == null || password.isEmpty()) {
            System.err.println("NeravaHashPassword: no NERAVA_NEW_PASSWORD");
            System.exit(2);
        }
        System.out.println(BCrypt.hashpw(password, BCrypt.gensalt(LOG_ROUNDS)));
    }
}
