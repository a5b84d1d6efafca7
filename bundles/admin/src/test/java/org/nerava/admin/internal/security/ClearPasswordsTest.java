package org.nerava.admin.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which entries of a users file hold a password in clear. */
class ClearPasswordsTest {

    @TempDir
    Path etc;

    @Test
    void onlyUsersWhosePasswordIsNotAHashAreClear() throws Exception {
        Path users = etc.resolve("users.properties");
        Files.writeString(users, String.join("\n",
                "# a comment = not,a,user",
                "ops = {CRYPT}$2a$10$Vez8Tw6.nUkewpEyru8vD.Z3.Fky83Xw4EA.dgmk5kaZjx3eVSZ8y{CRYPT},_g_:admingroup",
                "alice = an old clear password,_g_:admingroup",
                "bob=clear\\,with an escaped comma,admin",
                "carol = ,admin",
                "_g_\\:admingroup = group,admin,manager",
                ""));

        assertThat(ClearPasswords.clearUsers(users)).containsExactly("alice", "bob");
    }

    @Test
    void aMissingFileHasNoUsers() {
        assertThat(ClearPasswords.clearUsers(etc.resolve("nothing.properties"))).isEmpty();
    }
}
